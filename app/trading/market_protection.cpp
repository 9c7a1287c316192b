#include "trading/market_protection.h"

#include "domain/limits.h"

#include <algorithm>

namespace kse {

std::optional<std::int64_t> protectionPrice(Side side, std::int64_t last, std::int64_t bps) {
    // Both factors are bounded (10^11 × 2·10^4), so the products fit in 64 bits.
    if (last <= 0 || last > limits::kMaxPriceTicks || bps < 0 || bps > 10'000)
        return std::nullopt;
    if (side == Side::Buy)
        return std::min((last * (10'000 + bps) + 9'999) / 10'000, limits::kMaxPriceTicks);
    return std::max<std::int64_t>(last * (10'000 - bps) / 10'000, 1);
}

} // namespace kse
