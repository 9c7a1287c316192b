#pragma once

#include <cstdint>

namespace kse {

// One user's position in one symbol as their trades build it, at average cost, long or short,
// and the P&L its closing trades realise (pure, exact: money in price ticks × shares).
//
// Shares that arrived otherwise than by trade (deposits) are unknown here, so selling them opens
// a short position that a later buy closes: the P&L is that of the trades alone.
struct PositionBook {
    std::int64_t qty = 0;  // > 0 long, < 0 short
    std::int64_t cost = 0; // what the open position cost (long) or brought in (short), > 0

    // Applies a fill; returns the P&L it realised.
    std::int64_t buy(std::int64_t price, std::int64_t shares);
    std::int64_t sell(std::int64_t price, std::int64_t shares);
};

} // namespace kse
