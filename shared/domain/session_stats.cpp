#include "domain/session_stats.h"

#include <algorithm>

#include "domain/money.h"

namespace kse {

bool SessionStats::add(Price price, std::int64_t qty, std::int64_t ts) {
    const std::int64_t tickDay = ts / kDayMs;
    if (tickDay < day)
        return false;
    if (tickDay > day) {
        if (day >= 0)
            previousClose = last;
        day = tickDay;
        open = high = low = last = price;
        openTs = lastTs = ts;
        volume = 0;
        count = 0;
    }
    if (ts < openTs) {
        open = price;
        openTs = ts;
    }
    if (ts >= lastTs) {
        last = price;
        lastTs = ts;
    }
    high = std::max(high, price);
    low = std::min(low, price);
    volume = saturatingAdd(volume, qty);
    ++count;
    dirty = true;
    return true;
}

std::int64_t SessionStats::changeTicks() const { return last.ticks() - previousClose.value_or(open).ticks(); }

double SessionStats::changePercent() const {
    const auto base = previousClose.value_or(open).ticks();
    return base == 0 ? 0.0 : 100.0 * static_cast<double>(changeTicks()) / static_cast<double>(base);
}

} // namespace kse
