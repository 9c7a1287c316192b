#include "trading/fills_model.h"

#include "style/terminal_style.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <algorithm>

namespace kse {
namespace {

QString key(const FillRow& f) { return f.tradeId + QLatin1Char('/') + f.orderId; }

} // namespace

FillsModel::FillsModel(QObject* parent)
    : RowTableModel({tr("Time"), tr("Symbol"), tr("Side"), tr("Qty"), tr("Price"), tr("Value"), tr("Order")}, parent) {}

QVariant FillsModel::data(const QModelIndex& index, int role) const {
    const FillRow* row = rowAt(index);
    if (!row)
        return {};
    const FillRow& f = *row;
    const auto column = static_cast<Column>(index.column());
    if (role == Qt::DisplayRole) {
        switch (column) {
        case Time: return QDateTime::fromMSecsSinceEpoch(f.ts).toString(QStringLiteral("HH:mm:ss.zzz"));
        case Symbol: return f.symbol;
        case Side: return style::word(sideName(f.side));
        case Qty: return style::quantity(f.qty);
        case Price: return style::price(f.price);
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
    mergeNewestFirst(
        fills, key, [](const FillRow& a, const FillRow& b) { return a.ts > b.ts; }, kMaxRows);
}

} // namespace kse
