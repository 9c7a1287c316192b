#include "trading/orders_model.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

#include "domain/price.h"
#include "style/terminal_style.h"

namespace kse {
namespace {

std::int64_t ticksOf(const QJsonValue& value) {
    const auto price = Price::fromDouble(value.toDouble());
    return price ? price.value().ticks() : 0;
}


} // namespace

bool OrderRow::open() const {
    return status == QLatin1String("pending") || status == QLatin1String("accepted") ||
           status == QLatin1String("partially_filled");
}

Result<std::vector<OrderRow>> parseOrders(const QJsonDocument& document) {
    using R = Result<std::vector<OrderRow>>;
    if (!document.isArray())
        return R::failure("the orders are not a JSON array");
    std::vector<OrderRow> out;
    for (const QJsonValue item : document.array()) {
        const QJsonObject o = item.toObject();
        OrderRow r;
        r.id = o.value(QLatin1String("order_id")).toString();
        if (r.id.isEmpty())
            return R::failure("order " + std::to_string(out.size()) + " has no order_id");
        r.symbol = o.value(QLatin1String("symbol")).toString();
        r.side = o.value(QLatin1String("side")).toString();
        r.type = o.value(QLatin1String("order_type")).toString();
        r.tif = o.value(QLatin1String("tif")).toString();
        r.status = o.value(QLatin1String("status")).toString();
        r.reason = o.value(QLatin1String("reason")).toString();
        r.qty = o.value(QLatin1String("qty")).toInteger();
        r.price = ticksOf(o.value(QLatin1String("price")));
        r.filled = o.value(QLatin1String("filled_qty")).toInteger();
        r.avgPrice = ticksOf(o.value(QLatin1String("avg_price")));
        r.created = o.value(QLatin1String("created")).toInteger();
        out.push_back(std::move(r));
    }
    return R::success(std::move(out));
}

Result<std::vector<OrderRow>> parseOrders(const QByteArray& json) { return parseOrders(QJsonDocument::fromJson(json)); }

OrdersModel::OrdersModel(QObject* parent) : QAbstractTableModel(parent) {}

int OrdersModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }

int OrdersModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant OrdersModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* kNames[] = {"Time", "Symbol", "Side", "Type", "TIF", "Qty", "Price", "Filled", "Avg price", "Status", "Reason"};
    return section >= 0 && section < ColumnCount ? QVariant(QString::fromLatin1(kNames[section])) : QVariant();
}

QVariant OrdersModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OrderRow& o = m_rows[static_cast<std::size_t>(index.row())];
    if (role == OpenRole)
        return o.open();
    if (role == IdRole)
        return o.id;
    if (role == FilledRole)
        return o.filled > 0;
    const auto column = static_cast<Column>(index.column());
    if (role == Qt::DisplayRole) {
        switch (column) {
        case Time: return QDateTime::fromMSecsSinceEpoch(o.created).toString(QStringLiteral("HH:mm:ss"));
        case Symbol: return o.symbol;
        case Side: return o.side;
        case Type: return o.type;
        case Tif: return o.tif.toUpper();
        case Qty: return QString::number(o.qty);
        case Price: return o.type == QLatin1String("market") ? QStringLiteral("market") : style::money(o.price);
        case Filled: return QString::number(o.filled);
        case AvgPrice: return o.filled > 0 ? style::money(o.avgPrice) : QString();
        case Status: return QString(o.status).replace(QLatin1Char('_'), QLatin1Char(' '));
        case Reason: return o.reason;
        case ColumnCount: break;
        }
        return {};
    }
    if (role == Qt::ForegroundRole && column == Side)
        return QBrush(style::side(o.side));
    if (role == Qt::TextAlignmentRole && (column == Qty || column == Price || column == Filled || column == AvgPrice))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

void OrdersModel::replace(const std::vector<OrderRow>& orders) {
    // The API lists newest first; a list that grew did so at the top.
    QHash<QString, std::size_t> known;
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        known.insert(m_rows[i].id, i);
    std::vector<OrderRow> fresh;
    for (const OrderRow& o : orders) {
        if (const auto it = known.constFind(o.id); it != known.constEnd()) {
            const int row = static_cast<int>(*it);
            if (!(m_rows[*it] == o)) {
                m_rows[*it] = o;
                Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            }
        } else {
            fresh.push_back(o);
        }
    }
    if (!fresh.empty()) {
        std::sort(fresh.begin(), fresh.end(), [](const OrderRow& a, const OrderRow& b) { return a.created > b.created; });
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

const OrderRow* OrdersModel::order(const QString& id) const {
    const auto it = std::find_if(m_rows.begin(), m_rows.end(), [&](const OrderRow& o) { return o.id == id; });
    return it == m_rows.end() ? nullptr : &*it;
}

std::vector<QString> OrdersModel::openIds() const {
    std::vector<QString> out;
    for (const OrderRow& o : m_rows)
        if (o.open())
            out.push_back(o.id);
    return out;
}

} // namespace kse
