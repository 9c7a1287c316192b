// Two services read `trades`: the aggregator (decodeTrade) and the platform (decodeTradeMessage,
// also used by user analytics). Each must accept only sound trades, and where both accept one
// they must read the same price, quantity and time.
#include "contract/exchange_messages.h"
#include "contract/price_event.h"
#include "domain/limits.h"
#include "domain/tick.h"
#include "fuzz_check.h"

#include <cstdint>
#include <string_view>

using kse::fuzz::check;

namespace {

constexpr std::int64_t kReferenceMs = 1'700'003'600'000;

// A trade is never refused for its time, only dated no later than the window's end.
bool sound(kse::Price price, std::int64_t qty, std::int64_t ts) {
    return !kse::priceBoundError(price) && !kse::quantityError(qty) && ts >= 0 &&
           ts <= kReferenceMs + kse::limits::kMaxFutureMs;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto aggregated = kse::decodeTrade(text, kReferenceMs);
    if (aggregated) {
        const kse::PriceEvent& e = aggregated.value();
        check(!kse::symbolError(e.symbol), "the aggregator accepts valid symbols only");
        check(sound(e.price, e.qty, e.ts), "the aggregator accepts numbers within the limits only");
    }
    const auto settled = kse::decodeTradeMessage(text, kReferenceMs);
    if (settled) {
        const kse::TradeMessage& t = settled.value();
        check(!t.tradeId.empty(), "the platform's trade has an id");
        check(sound(t.price, t.qty, t.ts), "the platform accepts numbers within the limits only");
    }
    if (aggregated && settled)
        check(aggregated.value().price == settled.value().price && aggregated.value().qty == settled.value().qty &&
                  aggregated.value().ts == settled.value().ts,
              "both readers see the same price, quantity and time");
    return 0;
}
