#include "trading/orders_model.h"

#include "style/terminal_style.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <algorithm>

namespace kse {
OrdersModel::OrdersModel(QObject* parent)
    : RowTableModel({tr("Time"), tr("Symbol"), tr("Side"), tr("Type"), tr("TIF"), tr("Qty"), tr("Price"), tr("Filled"),
                     tr("Avg price"), tr("Status"), tr("Reason")},
                    parent) {}

QVariant OrdersModel::data(const QModelIndex& index, int role) const {
    const OrderRow* row = rowAt(index);
    if (!row)
        return {};
    const OrderRow& o = *row;
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
        case Side: return style::word(sideName(o.side));
        case Type: return style::word(orderTypeName(o.type));
        case Tif: return style::word(timeInForceName(o.tif)).toUpper();
        case Qty: return style::quantity(o.qty);
        case Price:
            if (o.type == OrderType::Limit)
                return style::price(o.price);
            // A market order with its protection price: the worst it may trade at.
            return o.protection > 0 ? tr("market %1 %2")
                                          .arg(o.side == kse::Side::Buy ? QStringLiteral("≤") : QStringLiteral("≥"),
                                               style::price(o.protection))
                                    : tr("market");
        case Filled: return style::quantity(o.filled);
        case AvgPrice: return o.filled > 0 ? style::price(o.avgPrice) : QString();
        case Status: return style::word(statusName(o.status)).replace(QLatin1Char('_'), QLatin1Char(' '));
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
    mergeNewestFirst(
        orders, [](const OrderRow& o) { return o.id; },
        [](const OrderRow& a, const OrderRow& b) { return a.created > b.created; }, kMaxRows);
}

const OrderRow* OrdersModel::order(const QString& id) const {
    const auto it = std::find_if(rows().begin(), rows().end(), [&](const OrderRow& o) { return o.id == id; });
    return it == rows().end() ? nullptr : &*it;
}

std::vector<QString> OrdersModel::openIds() const {
    std::vector<QString> out;
    for (const OrderRow& o : rows())
        if (o.open())
            out.push_back(o.id);
    return out;
}

} // namespace kse
