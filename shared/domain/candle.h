#pragma once

#include <cstdint>

#include "domain/money.h"
#include "domain/price.h"

namespace kse {

__extension__ typedef __int128 Int128; // GCC and Clang have it; pedantic mode needs the marker

// One OHLCV candle. Open and close follow event time (`ts`), not arrival order, so a tick that
// arrives late still lands where it belongs. VWAP is exact: Σ price·qty is kept in 128 bits.
struct Candle {
    std::int64_t start = 0;
    Price open, high, low, close;
    std::int64_t openTs = 0;
    std::int64_t closeTs = 0;
    std::int64_t volume = 0;
    Int128 notional = 0; // Σ price ticks × qty
    std::int64_t count = 0;
    bool final = false;
    bool dirty = false; // changed since it was last handed out

    static Candle first(std::int64_t start, Price price, std::int64_t qty, std::int64_t ts);
    // Inline: it runs four times for every tick.
    void add(Price price, std::int64_t qty, std::int64_t ts) {
        if (ts < openTs) { // earlier in event time: it opened the window
            open = price;
            openTs = ts;
        }
        if (ts >= closeTs) { // ties go to the later arrival, as in a trade tape
            close = price;
            closeTs = ts;
        }
        if (price > high)
            high = price;
        if (price < low)
            low = price;
        volume = saturatingAdd(volume, qty); // bounded ticks cannot get there; never wraps all the same
        notional += static_cast<Int128>(price.ticks()) * qty;
        ++count;
        dirty = true;
    }
    // Folds in another candle of the same window (e.g. 1s candles into their minute).
    void merge(const Candle& other);
    // Volume-weighted average price rounded half up to a tick; the close when nothing traded.
    Price vwap() const;
};

} // namespace kse
