#include "order_processor/order_event_codec.h"

#include "codec/json_writer.h"
#include "domain/price.h"

namespace kse {
namespace {

void appendLevels(std::string& out, const std::vector<OrderBook::Level>& levels) {
    out += '[';
    char price[Price::kMaxChars];
    for (std::size_t i = 0; i < levels.size(); ++i) {
        if (i > 0)
            out += ',';
        out += '[';
        out.append(price, Price::fromTicks(levels[i].price).toChars(price));
        out += ',';
        out += std::to_string(levels[i].qty);
        out += ']';
    }
    out += ']';
}

} // namespace


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

std::string encodeBook(const std::string& symbol, const OrderBook::Snapshot& book) {
    std::string out = R"({"symbol":")" + symbol + R"(","bids":)";
    appendLevels(out, book.bids);
    out += R"(,"asks":)";
    appendLevels(out, book.asks);
    out += R"(,"seq":)" + std::to_string(book.seq) + '}';
    return out;
}

} // namespace kse
