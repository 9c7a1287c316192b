// Two services read `trades`: the aggregator (decodeTrade) and the platform (decodeTradeMessage,
// also used by user analytics). Each must accept only sound trades, and where both accept one
// they must read the same price and quantity.
#include "domain/tick.h"
#include "fuzz_check.h"
#include "platform_api/exchange_messages.h"
#include "stock_aggregator/price_event.h"

#include <cstdint>
#include <string_view>

using kse::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto aggregated = kse::decodeTrade(text);
    if (aggregated) {
        const kse::PriceEvent& e = aggregated.value();
        check(!kse::symbolError(e.symbol), "the aggregator accepts valid symbols only");
        check(e.price.ticks() >= 0 && e.qty > 0 && e.ts >= 0, "the aggregator accepts sound numbers only");
    }
    const auto settled = kse::decodeTradeMessage(text);
    if (settled) {
        const kse::TradeMessage& t = settled.value();
        check(!t.tradeId.empty(), "the platform's trade has an id");
        check(t.price >= 0 && t.qty > 0, "the platform accepts sound numbers only");
    }
    if (aggregated && settled)
        check(aggregated.value().price.ticks() == settled.value().price &&
                  aggregated.value().qty == settled.value().qty,
              "both readers see the same price and quantity");
    return 0;
}
