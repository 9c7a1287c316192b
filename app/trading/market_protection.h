#pragma once

#include <cstdint>
#include <optional>

#include "contract/order_enums.h"

namespace kse {

// A market order's protection price in ticks of 0.0001, as the platform computes it
// (domain/market_protection.h) from the last price: none without a usable one.
std::optional<std::int64_t> protectionPrice(Side side, std::int64_t last, std::int64_t bps);

} // namespace kse
