#pragma once

#include <cstdint>
#include <optional>

#include "contract/order_enums.h"

namespace kse {

// A market order's protection price as the platform computes it (docs/orders.md, "The risk
// check"): a buy at last × (1 + bps / 10,000) rounded up to the tick, a sell at last × (1 − bps /
// 10,000) rounded down and never below one tick. None without a positive last price or with a
// distance outside 0–10,000 basis points. Prices in ticks of 0.0001.
std::optional<std::int64_t> protectionPrice(Side side, std::int64_t last, std::int64_t bps);

} // namespace kse
