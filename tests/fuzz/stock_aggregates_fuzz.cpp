// decodeAggregateMessage reads `stock-aggregates` for the platform's Market DB and the desktop's
// market watch. A candle it accepts is sound, gives back the VWAP it was sent, and survives the
// aggregator's own encoder and a second reading.
#include "codec/flat_json.h"
#include "contract/aggregate_message.h"
#include "domain/limits.h"
#include "domain/tick.h"
#include "fuzz_check.h"

#include <cstdint>
#include <string>
#include <string_view>

using kse::fuzz::check;

namespace {

constexpr std::int64_t kReferenceMs = 1'700'003'600'000;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto decoded = kse::decodeAggregateMessage(text, kReferenceMs);
    if (!decoded) {
        check(!decoded.error().empty(), "a refusal says why");
        return 0;
    }
    const kse::AggregateMessage& m = decoded.value();
    const kse::Candle& c = m.candle;
    check(!kse::symbolError(m.symbol), "an accepted symbol is valid");
    check(c.start >= 0 && c.volume >= 0 && c.count >= 0, "accepted counts are not negative");
    check(!kse::eventTimeError(c.start, kReferenceMs, "start"), "an accepted start is within the window");
    for (const kse::Price p : {c.open, c.high, c.low, c.close})
        check(!kse::priceBoundError(p), "accepted prices are within the limits");
    if (c.volume > 0) {
        std::string error;
        const auto fields = kse::FlatJson::parse(text, error);
        const auto vwap = kse::Price::parse(fields->number("vwap").value());
        check(vwap && c.vwap() == vwap.value(), "the candle gives back the VWAP it was sent");
    } else {
        check(c.vwap() == c.close, "a candle without volume has its close as VWAP");
    }

    const auto again = kse::decodeAggregateMessage(kse::encodeAggregateMessage(m.symbol, m.interval, c), kReferenceMs);
    check(again.ok(), "an encoded candle decodes");
    const kse::AggregateMessage& a = again.value();
    const kse::Candle& d = a.candle;
    check(a.symbol == m.symbol && a.interval == m.interval && d.start == c.start && d.open == c.open &&
              d.high == c.high && d.low == c.low && d.close == c.close && d.volume == c.volume &&
              d.notional == c.notional && d.count == c.count && d.final == c.final,
          "a candle survives encoding");
    return 0;
}
