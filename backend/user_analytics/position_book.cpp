#include "user_analytics/position_book.h"

#include <algorithm>
#include <cstdlib>

namespace kse {
namespace {

__extension__ typedef __int128 Wide; // pedantic mode needs the marker

// The share of `cost` that `part` of `whole` shares carries, rounded half up; what is left of
// the cost stays with the rest, so nothing is lost to rounding over many partial closes.
std::int64_t portion(std::int64_t cost, std::int64_t part, std::int64_t whole) {
    if (part == whole)
        return cost;
    return static_cast<std::int64_t>((static_cast<Wide>(cost) * part * 2 + whole) / (2 * static_cast<Wide>(whole)));
}

} // namespace

std::int64_t PositionBook::buy(std::int64_t price, std::int64_t shares) {
    std::int64_t realised = 0;
    if (qty < 0) { // closes (part of) a short: it brought in `cost`, buying back costs price × n
        const std::int64_t closing = std::min(shares, -qty);
        const std::int64_t brought = portion(cost, closing, -qty);
        realised = brought - price * closing;
        cost -= brought;
        qty += closing;
        shares -= closing;
    }
    if (shares > 0) {
        qty += shares;
        cost += price * shares;
    }
    return realised;
}

std::int64_t PositionBook::sell(std::int64_t price, std::int64_t shares) {
    std::int64_t realised = 0;
    if (qty > 0) { // closes (part of) a long
        const std::int64_t closing = std::min(shares, qty);
        const std::int64_t paid = portion(cost, closing, qty);
        realised = price * closing - paid;
        cost -= paid;
        qty -= closing;
        shares -= closing;
    }
    if (shares > 0) {
        qty -= shares;
        cost += price * shares;
    }
    return realised;
}

} // namespace kse
