// decodeTick and decodeTicks read the stock ingestor's request bodies and the JSON ticks of
// `stock-ingress`. A tick they accept is valid and survives encodeTick and a second reading.
#include "contract/tick_codec.h"
#include "domain/limits.h"
#include "domain/tick.h"
#include "fuzz_check.h"

#include <cstdint>
#include <string_view>

using kse::fuzz::check;

namespace {

constexpr std::int64_t kNowMs = 1'700'000'000'000;

void checkTick(const kse::Tick& tick) {
    check(!kse::tickError(tick, kNowMs), "an accepted tick is valid");
    check(tick.price.ticks() >= 0 && tick.price.ticks() <= kse::limits::kMaxPriceTicks,
          "an accepted price is within the limits");
    check(!tick.volume || (*tick.volume >= 0 && *tick.volume <= kse::limits::kMaxQuantity),
          "an accepted volume is within the limits");
    const auto again = kse::decodeTick(kse::encodeTick(tick), kNowMs);
    check(again.ok(), "an encoded tick decodes");
    const kse::Tick& t = again.value();
    check(t.id == tick.id && t.symbol == tick.symbol && t.price == tick.price && t.volume == tick.volume &&
              t.ts == tick.ts,
          "a tick survives encoding");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto tick = kse::decodeTick(text, kNowMs);
    if (tick)
        checkTick(tick.value());
    else
        check(!tick.error().empty(), "a refusal says why");
    const auto ticks = kse::decodeTicks(text, kNowMs);
    if (ticks) {
        check(!ticks.value().empty(), "an accepted batch holds ticks");
        for (const kse::Tick& t : ticks.value())
            checkTick(t);
    } else {
        check(!ticks.error().empty(), "a refusal says why");
    }
    return 0;
}
