#include "contract/exchange_messages.h"

#include "codec/flat_json.h"
#include "codec/json_writer.h"
#include "domain/limits.h"
#include "domain/price.h"

namespace kse {

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
        .field("aggressor", sideName(trade.aggressor))
        .field("ts", ts)
        .finish();
}

Result<OrderEventMessage> decodeOrderEventMessage(std::string_view json) {
    using R = Result<OrderEventMessage>;
    using Kind = FlatJson::Kind;
    OrderEventMessage e;
    std::string status, request;
    std::optional<std::int64_t> filled, remaining, ts;
    std::string error;
    // One pass, nothing kept but what the platform reads: these decoders run for every event.
    const bool ok = FlatJson::visit(json, error, [&](std::string_view key, Kind kind, std::string_view text) {
        const std::string_view string = kind == Kind::String ? text : std::string_view();
        const auto integer = kind == Kind::Number ? FlatJson::toInteger(text) : std::nullopt;
        if (key == "order_id")
            e.orderId.assign(string);
        else if (key == "user_id")
            e.userId.assign(string);
        else if (key == "symbol")
            e.symbol.assign(string);
        else if (key == "request")
            request.assign(string);
        else if (key == "status")
            status.assign(string);
        else if (key == "filled_qty")
            filled = integer;
        else if (key == "remaining_qty")
            remaining = integer;
        else if (key == "reason")
            e.reason.assign(string);
        else if (key == "ts")
            ts = integer;
    });
    if (!ok)
        return R::failure(error);
    if (e.orderId.empty())
        return R::failure("order event: order_id is required");
    const auto parsedStatus = parseStatus(status);
    if (!parsedStatus || *parsedStatus == OrderStatus::Pending) // the platform's own, never the engine's
        return R::failure("order event: unknown status");
    if (!filled || quantityError(*filled, "filled_qty", true))
        return R::failure("order event: filled_qty must be a whole number from 0 to 10000000");
    e.answersCancel = request == "cancel";
    e.status = *parsedStatus;
    e.filled = *filled;
    e.remaining = remaining.value_or(0);
    e.ts = ts.value_or(0);
    return R::success(std::move(e));
}

Result<TradeMessage> decodeTradeMessage(std::string_view json, std::int64_t referenceMs) {
    using R = Result<TradeMessage>;
    using Kind = FlatJson::Kind;
    TradeMessage t;
    std::optional<std::string> price, buy, sell;
    std::optional<std::int64_t> qty, ts;
    std::string error;
    const bool ok = FlatJson::visit(json, error, [&](std::string_view key, Kind kind, std::string_view text) {
        const std::string_view string = kind == Kind::String ? text : std::string_view();
        if (key == "trade_id")
            t.tradeId.assign(string);
        else if (key == "symbol")
            t.symbol.assign(string);
        else if (key == "price")
            price = kind == Kind::Number ? std::optional(std::string(text)) : std::nullopt;
        else if (key == "qty")
            qty = kind == Kind::Number ? FlatJson::toInteger(text) : std::nullopt;
        else if (key == "buy_order_id")
            buy = kind == Kind::String ? std::optional(std::string(text)) : std::nullopt;
        else if (key == "sell_order_id")
            sell = kind == Kind::String ? std::optional(std::string(text)) : std::nullopt;
        else if (key == "buyer")
            t.buyer.assign(string);
        else if (key == "seller")
            t.seller.assign(string);
        else if (key == "aggressor")
            t.aggressor = parseSide(string);
        else if (key == "ts")
            ts = kind == Kind::Number ? FlatJson::toInteger(text) : std::nullopt;
    });
    if (!ok)
        return R::failure(error);
    if (t.tradeId.empty())
        return R::failure("trade: trade_id is required");
    if (!price)
        return R::failure("trade: price is required");
    auto parsed = Price::parse(*price);
    if (!parsed)
        return R::failure("trade: " + parsed.error());
    if (auto bad = priceBoundError(parsed.value()))
        return R::failure("trade: " + *bad);
    if (parsed.value().ticks() == 0)
        return R::failure("trade: price must be positive");
    if (!qty || quantityError(*qty))
        return R::failure("trade: qty must be a whole number from 1 to 10000000");
    if (!buy || !sell)
        return R::failure("trade: buy_order_id and sell_order_id are required");
    if (!ts || *ts < 0)
        return R::failure("trade: ts must be milliseconds since the epoch");
    t.price = parsed.value();
    t.qty = *qty;
    t.buyOrderId = std::move(*buy);
    t.sellOrderId = std::move(*sell);
    // A trade is money that moved: it is never refused for its time (that would freeze both
    // sides' reservations), but a time beyond the window is taken as the window's end, so it cannot
    // freeze prices downstream either.
    t.ts = clampEventTime(*ts, referenceMs);
    return R::success(std::move(t));
}

} // namespace kse
