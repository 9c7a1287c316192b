#include "platform_api/account_views.h"

#include "codec/json_writer.h"
#include "contract/order_enums.h"
#include "domain/limits.h"

namespace kse {

std::string orderJson(const PlatformOrder& o) {
    JsonWriter writer;
    writer.field("order_id", o.id)
        .field("symbol", o.symbol)
        .field("side", sideName(o.side))
        .field("order_type", orderTypeName(o.type))
        .field("tif", timeInForceName(o.tif))
        .field("qty", o.qty);
    if (o.type == OrderType::Limit)
        writer.field("price", o.price);
    else if (o.reservation.price.ticks() > 0)
        writer.field("protection", o.reservation.price); // the limit it went to the exchange with
    const std::int64_t settled = o.reservation.settled;
    writer.field("status", statusName(o.status))
        .field("filled_qty", o.filled)
        .field("avg_price", settled > 0 ? o.notional.perShare(settled) : Price());
    if (!o.reason.empty())
        writer.field("reason", o.reason);
    if (!o.cancelRefusal.empty())
        writer.field("cancel_refusal", o.cancelRefusal);
    return writer.field("created", o.created).field("updated", o.updated).finish();
}

std::string fillJson(const OrderRepository::Fill& f) {
    return JsonWriter()
        .field("trade_id", f.tradeId)
        .field("order_id", f.orderId)
        .field("symbol", f.symbol)
        .field("side", sideName(f.side))
        .field("price", Price::fromTicks(f.price))
        .field("qty", f.qty)
        .field("ts", f.ts)
        .finish();
}

std::string portfolioJson(const Account& account, ReferencePrices& prices) {
    std::string positions = "[";
    Money unrealizedTotal;
    for (const auto& [symbol, h] : account.holdings) {
        const Price average = h.qty > 0 ? h.cost.perShare(h.qty) : Price();
        // A reference outside the bounds (from a store written before they existed) values
        // nothing: the average cost stands in.
        const auto reference = prices.of(symbol);
        const Price last = reference && !priceBoundError(*reference) ? *reference : average;
        const Money value = Money::times(last, h.qty);
        unrealizedTotal += value - h.cost;
        if (positions.size() > 1)
            positions += ',';
        positions += JsonWriter()
                         .field("symbol", symbol)
                         .field("qty", h.qty)
                         .field("reserved", h.reserved)
                         .field("avg_cost", average)
                         .field("last_price", last)
                         .number("market_value", value.toString())
                         .number("unrealized_pnl", (value - h.cost).toString())
                         .finish();
    }
    positions += ']';
    std::string out = JsonWriter()
                          .number("cash", account.cash.toString())
                          .number("reserved", account.reservedCash.toString())
                          .number("available", account.availableCash().toString())
                          .number("realized_pnl", account.realizedPnl.toString())
                          .number("unrealized_pnl", unrealizedTotal.toString())
                          .finish();
    out.insert(out.size() - 1, R"(,"positions":)" + positions);
    return out;
}

} // namespace kse
