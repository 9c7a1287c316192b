#include "domain/market_protection.h"

#include "domain/limits.h"

#include <algorithm>

namespace kse {
namespace {

bool usable(Price reference, std::int64_t bps) {
    return reference.ticks() > 0 && reference.ticks() <= limits::kMaxPriceTicks && bps >= 0 && bps <= 10'000;
}

} // namespace

// Both factors are bounded (10^11 × 2·10^4), so the products fit in 64 bits.
std::optional<Price> buyProtection(Price reference, std::int64_t bps) {
    if (!usable(reference, bps))
        return std::nullopt;
    const std::int64_t collar = (reference.ticks() * (10'000 + bps) + 9'999) / 10'000;
    return Price::fromTicks(std::min(collar, limits::kMaxPriceTicks));
}

std::optional<Price> sellProtection(Price reference, std::int64_t bps) {
    if (!usable(reference, bps))
        return std::nullopt;
    return Price::fromTicks(std::max<std::int64_t>(reference.ticks() * (10'000 - bps) / 10'000, 1));
}

} // namespace kse
