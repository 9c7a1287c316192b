#include "trading/market_protection.h"

#include "domain/market_protection.h"

namespace kse {

std::optional<std::int64_t> protectionPrice(Side side, std::int64_t last, std::int64_t bps) {
    const Price reference = Price::fromTicks(last);
    const auto price = side == Side::Buy ? buyProtection(reference, bps) : sellProtection(reference, bps);
    return price ? std::optional(price->ticks()) : std::nullopt;
}

} // namespace kse
