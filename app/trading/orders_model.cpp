#include "trading/orders_model.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

#include "contract/answer_object.h"
#include "domain/price.h"
#include "style/terminal_style.h"

namespace kse {
bool OrderRow::open() const {
    return status == QLatin1String("pending") || status == QLatin1String("accepted") ||
           status == QLatin1String("partially_filled");
}

Result<std::vector<OrderRow>> parseOrders(const QJsonDocument& document) {
    using R = Result<std::vector<OrderRow>>;
    if (!document.isArray())
        return R::failure("the orders are not a JSON array");
    std::vector<OrderRow> out;
    for (const QJsonValue& item : document.array()) {
        AnswerObject o(item.toObject());
        OrderRow r;
        r.id = o.text("order_id");
        r.symbol = o.text("symbol");
        r.side = o.text("side");
        r.type = o.text("order_type");
        r.tif = o.text("tif");
        r.status = o.text("status");
        r.reason = o.optionalText("reason");
        r.qty = o.whole("qty");
        r.price = o.optionalMoney("price").value_or(0); // market orders have none
        r.filled = o.whole("filled_qty");
        r.avgPrice = o.money("avg_price");
        r.created = o.whole("created");
        if (!o.ok())
            return R::failure("order " + std::to_string(out.size()) + ": " + *o.error());
        out.push_back(std::move(r));
    }
    return R::success(std::move(out));
}

Result<std::vector<OrderRow>> parseOrders(const QByteArray& json) { return parseOrders(QJsonDocument::fromJson(json)); }

OrdersModel::OrdersModel(QObject* parent)
    : RowTableModel({tr("Time"), tr("Symbol"), tr("Side"), tr("Type"), tr("TIF"), tr("Qty"), tr("Price"), tr("Filled"),
                     tr("Avg price"), tr("Status"), tr("Reason")}, parent) {}

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
