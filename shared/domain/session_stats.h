#pragma once

#include <cstdint>
#include <optional>

#include "domain/price.h"

namespace kse {

// One symbol's statistics for the trading session (the UTC day) of its latest tick.
struct SessionStats {
    static constexpr std::int64_t kDayMs = 86'400'000;

    std::int64_t day = -1; // days since the epoch
    Price open, high, low, last;
    std::int64_t openTs = 0;
    std::int64_t lastTs = 0;
    std::int64_t volume = 0;
    std::int64_t count = 0;
    std::optional<Price> previousClose; // the last price of the session before, when known
    bool dirty = false;

    // False when the tick belongs to a session already over.
    bool add(Price price, std::int64_t qty, std::int64_t ts);
    // Against the previous session's close, or this session's open before there is one.
    std::int64_t changeTicks() const;
    double changePercent() const;
};

} // namespace kse
