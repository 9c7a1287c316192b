#pragma once

#include "domain/price.h"

#include <cstdint>
#include <optional>

namespace kse {

// A market order's protection price (docs/orders.md, "The risk check"): `bps` basis points from
// the reference price, a buy's above it rounded up to the tick and at most the largest price, a
// sell's below it rounded down and at least one tick. One arithmetic for the platform's risk check
// and the ticket that shows it. None for a reference outside 1 tick–limits::kMaxPriceTicks or a
// distance outside 0–10,000 basis points.
std::optional<Price> buyProtection(Price reference, std::int64_t bps);
std::optional<Price> sellProtection(Price reference, std::int64_t bps);

} // namespace kse
