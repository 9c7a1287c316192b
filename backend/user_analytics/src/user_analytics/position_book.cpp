#include "user_analytics/position_book.h"

#include <algorithm>
#include <cstdlib>

#include "domain/money.h"

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
    PositionBook next = *this; // checked on a copy: an overflow leaves the book as it was
    std::int64_t realised = 0;
    if (next.qty < 0) { // closes (part of) a short: it brought in `cost`, buying back costs price × n
        const std::int64_t closing = std::min(shares, checkedSub(0, next.qty));
        const std::int64_t brought = portion(next.cost, closing, -next.qty);
        realised = checkedSub(brought, checkedMul(price, closing));
        next.cost -= brought;
        next.qty += closing;
        shares -= closing;
    }
    if (shares > 0) {
        next.qty = checkedAdd(next.qty, shares);
        next.cost = checkedAdd(next.cost, checkedMul(price, shares));
    }
    *this = next;
    return realised;
}

std::int64_t PositionBook::sell(std::int64_t price, std::int64_t shares) {
    PositionBook next = *this;
    std::int64_t realised = 0;
    if (next.qty > 0) { // closes (part of) a long
        const std::int64_t closing = std::min(shares, next.qty);
        const std::int64_t paid = portion(next.cost, closing, next.qty);
        realised = checkedSub(checkedMul(price, closing), paid);
        next.cost -= paid;
        next.qty -= closing;
        shares -= closing;
    }
    if (shares > 0) {
        next.qty = checkedSub(next.qty, shares);
        next.cost = checkedAdd(next.cost, checkedMul(price, shares));
    }
    *this = next;
    return realised;
}

} // namespace kse
