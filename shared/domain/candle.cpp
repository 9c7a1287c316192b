#include "domain/candle.h"

#include <algorithm>

namespace kse {

Candle Candle::first(std::int64_t start, Price price, std::int64_t qty, std::int64_t ts) {
    Candle candle;
    candle.start = start;
    candle.open = candle.high = candle.low = candle.close = price;
    candle.openTs = candle.closeTs = ts;
    candle.volume = qty;
    candle.notional = static_cast<Int128>(price.ticks()) * qty;
    candle.count = 1;
    candle.dirty = true;
    return candle;
}

void Candle::merge(const Candle& other) {
    if (other.openTs < openTs) {
        open = other.open;
        openTs = other.openTs;
    }
    if (other.closeTs >= closeTs) {
        close = other.close;
        closeTs = other.closeTs;
    }
    high = std::max(high, other.high);
    low = std::min(low, other.low);
    volume = saturatingAdd(volume, other.volume);
    notional += other.notional;
    count += other.count;
    dirty = true;
}

Price Candle::vwap() const {
    if (volume == 0)
        return close;
    const Int128 q = notional / volume;
    const Int128 r = notional % volume;
    return Price::fromTicks(static_cast<std::int64_t>(q + (2 * r >= volume ? 1 : 0)));
}

} // namespace kse
