#include "platform_api/exchange_messages.h"

#include "codec/flat_json.h"
#include "domain/price.h"

namespace kse {
namespace {

std::optional<OrderStatus> statusOf(const std::string& name) {
    if (name == "accepted")
        return OrderStatus::Accepted;
    if (name == "rejected")
        return OrderStatus::Rejected;
    if (name == "partially_filled")
        return OrderStatus::PartiallyFilled;
    if (name == "filled")
        return OrderStatus::Filled;
    if (name == "cancelled")
        return OrderStatus::Cancelled;
    return std::nullopt;
}

} // namespace

Result<OrderEventMessage> decodeOrderEventMessage(std::string_view json) {
    using R = Result<OrderEventMessage>;
    std::string error;
    const auto f = FlatJson::parse(json, error);
    if (!f)
        return R::failure(error);
    OrderEventMessage e;
    const auto orderId = f->string("order_id");
    const auto status = f->string("status");
    const auto filled = f->integer("filled_qty");
    if (!orderId || orderId->empty())
        return R::failure("order event: order_id is required");
    if (!status || !statusOf(*status))
        return R::failure("order event: unknown status");
    if (!filled || *filled < 0)
        return R::failure("order event: filled_qty must be a non-negative integer");
    e.orderId = *orderId;
    e.userId = f->string("user_id").value_or("");
    e.symbol = f->string("symbol").value_or("");
    e.answersCancel = f->string("request") == std::optional<std::string>("cancel");
    e.status = *statusOf(*status);
    e.filled = *filled;
    e.remaining = f->integer("remaining_qty").value_or(0);
    e.reason = f->string("reason").value_or("");
    e.ts = f->integer("ts").value_or(0);
    return R::success(std::move(e));
}

Result<TradeMessage> decodeTradeMessage(std::string_view json) {
    using R = Result<TradeMessage>;
    std::string error;
    const auto f = FlatJson::parse(json, error);
    if (!f)
        return R::failure(error);
    TradeMessage t;
    const auto tradeId = f->string("trade_id");
    const auto price = f->number("price");
    const auto qty = f->integer("qty");
    const auto buy = f->string("buy_order_id");
    const auto sell = f->string("sell_order_id");
    if (!tradeId || tradeId->empty())
        return R::failure("trade: trade_id is required");
    if (!price)
        return R::failure("trade: price is required");
    auto parsed = Price::parse(*price);
    if (!parsed)
        return R::failure("trade: " + parsed.error());
    if (!qty || *qty <= 0)
        return R::failure("trade: qty must be a positive integer");
    if (!buy || !sell)
        return R::failure("trade: buy_order_id and sell_order_id are required");
    t.tradeId = *tradeId;
    t.symbol = f->string("symbol").value_or("");
    t.price = parsed.value().ticks();
    t.qty = *qty;
    t.buyOrderId = *buy;
    t.sellOrderId = *sell;
    t.buyer = f->string("buyer").value_or("");
    t.seller = f->string("seller").value_or("");
    t.ts = f->integer("ts").value_or(0);
    return R::success(std::move(t));
}

} // namespace kse
