#include "order_processor/order_event_codec.h"

#include "codec/json_writer.h"
#include "domain/price.h"

namespace kse {

std::string_view statusName(OrderStatus status) {
    switch (status) {
    case OrderStatus::Accepted:
        return "accepted";
    case OrderStatus::Rejected:
        return "rejected";
    case OrderStatus::PartiallyFilled:
        return "partially_filled";
    case OrderStatus::Filled:
        return "filled";
    case OrderStatus::Cancelled:
        return "cancelled";
    }
    return "unknown";
}

std::int64_t averagePrice(std::int64_t notional, std::int64_t filled) {
    return filled > 0 ? (notional + filled / 2) / filled : 0;
}

std::string encodeOrderUpdate(const OrderUpdate& update, std::int64_t ts) {
    JsonWriter writer;
    writer.field("order_id", update.orderId)
        .field("user_id", update.userId)
        .field("symbol", update.symbol)
        .field("request", update.request == OrderCommand::Kind::New ? "new" : "cancel")
        .field("status", statusName(update.status))
        .field("filled_qty", update.filled)
        .field("remaining_qty", update.remaining)
        .field("avg_price", Price::fromTicks(averagePrice(update.notional, update.filled)));
    if (update.lastQty > 0)
        writer.field("last_qty", update.lastQty).field("last_price", Price::fromTicks(update.lastPrice));
    if (!update.reason.empty())
        writer.field("reason", update.reason);
    return writer.field("ts", ts).finish();
}

std::string encodeTrade(const TradeReport& trade, std::int64_t ts) {
    return JsonWriter()
        .field("trade_id", trade.tradeId)
        .field("symbol", trade.symbol)
        .field("price", Price::fromTicks(trade.price))
        .field("qty", trade.qty)
        .field("buy_order_id", trade.buyOrderId)
        .field("sell_order_id", trade.sellOrderId)
        .field("buyer", trade.buyer)
        .field("seller", trade.seller)
        .field("aggressor", trade.aggressor == Side::Buy ? "buy" : "sell")
        .field("ts", ts)
        .finish();
}

} // namespace kse
