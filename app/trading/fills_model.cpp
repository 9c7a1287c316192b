#include "trading/fills_model.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <algorithm>

#include "domain/price.h"
#include "style/terminal_style.h"

namespace kse {
namespace {

QString key(const FillRow& f) { return f.tradeId + QLatin1Char('/') + f.orderId; }

} // namespace

Result<std::vector<FillRow>> parseFills(const QJsonDocument& document) {
    using R = Result<std::vector<FillRow>>;
    if (!document.isArray())
        return R::failure("the fills are not a JSON array");
    std::vector<FillRow> out;
    for (const QJsonValue item : document.array()) {
        const QJsonObject o = item.toObject();
        FillRow f;
        f.tradeId = o.value(QLatin1String("trade_id")).toString();
        f.orderId = o.value(QLatin1String("order_id")).toString();
        if (f.tradeId.isEmpty() || f.orderId.isEmpty())
            return R::failure("fill " + std::to_string(out.size()) + " has no trade_id or order_id");
        f.symbol = o.value(QLatin1String("symbol")).toString();
        f.side = o.value(QLatin1String("side")).toString();
        const auto price = Price::fromDouble(o.value(QLatin1String("price")).toDouble()); // exact to 4 decimals
        if (!price)
            return R::failure("fill " + std::to_string(out.size()) + ": " + price.error());
        f.price = price.value().ticks();
        f.qty = o.value(QLatin1String("qty")).toInteger();
        f.ts = o.value(QLatin1String("ts")).toInteger();
        out.push_back(std::move(f));
    }
    return R::success(std::move(out));
}

Result<std::vector<FillRow>> parseFills(const QByteArray& json) { return parseFills(QJsonDocument::fromJson(json)); }

FillsModel::FillsModel(QObject* parent) : QAbstractTableModel(parent) {}

int FillsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }

int FillsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant FillsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* kNames[] = {"Time", "Symbol", "Side", "Qty", "Price", "Value", "Order"};
    return section >= 0 && section < ColumnCount ? QVariant(QString::fromLatin1(kNames[section])) : QVariant();
}

QVariant FillsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FillRow& f = m_rows[static_cast<std::size_t>(index.row())];
    const auto column = static_cast<Column>(index.column());
    if (role == Qt::DisplayRole) {
        switch (column) {
        case Time: return QDateTime::fromMSecsSinceEpoch(f.ts).toString(QStringLiteral("HH:mm:ss.zzz"));
        case Symbol: return f.symbol;
        case Side: return f.side;
        case Qty: return QString::number(f.qty);
        case Price: return style::money(f.price);
        case Value: return style::money(f.price * f.qty);
        case Order: return f.orderId;
        case ColumnCount: break;
        }
        return {};
    }
    if (role == Qt::ToolTipRole)
        return tr("Trade %1").arg(f.tradeId);
    if (role == Qt::ForegroundRole && column == Side)
        return QBrush(style::side(f.side));
    if (role == Qt::TextAlignmentRole && (column == Qty || column == Price || column == Value))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

void FillsModel::replace(const std::vector<FillRow>& fills) {
    QSet<QString> known;
    for (const FillRow& f : m_rows)
        known.insert(key(f));
    std::vector<FillRow> fresh;
    for (const FillRow& f : fills)
        if (!known.contains(key(f)))
            fresh.push_back(f);
    if (!fresh.empty()) {
        std::stable_sort(fresh.begin(), fresh.end(), [](const FillRow& a, const FillRow& b) { return a.ts > b.ts; });
        beginInsertRows({}, 0, static_cast<int>(fresh.size()) - 1);
        m_rows.insert(m_rows.begin(), fresh.begin(), fresh.end());
        endInsertRows();
    }
    if (m_rows.size() > kMaxRows) {
        beginRemoveRows({}, static_cast<int>(kMaxRows), static_cast<int>(m_rows.size()) - 1);
        m_rows.resize(kMaxRows);
        endRemoveRows();
    }
}

} // namespace kse
