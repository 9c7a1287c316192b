#include "domain/limits.h"

#include <algorithm>
#include <limits>

namespace kse {

std::optional<std::string> priceBoundError(Price price, const char* what) {
    if (price.ticks() < 0)
        return std::string(what) + " must not be negative";
    if (price.ticks() > limits::kMaxPriceTicks)
        return std::string(what) + " must be at most 10000000";
    return std::nullopt;
}

std::optional<std::string> quantityError(std::int64_t qty, const char* what, bool zeroAllowed) {
    if (qty < (zeroAllowed ? 0 : 1) || qty > limits::kMaxQuantity)
        return std::string(what) + " must be a whole number from " + (zeroAllowed ? "0" : "1") + " to 10000000";
    return std::nullopt;
}

std::optional<std::string> eventTimeError(std::int64_t ts, std::int64_t referenceMs, const char* what) {
    if (ts < limits::kEarliestEventMs)
        return std::string(what) + " must be milliseconds since the epoch, from 2000-01-01";
    // referenceMs comes from a clock or a message header: saturate instead of wrapping.
    if (referenceMs < std::numeric_limits<std::int64_t>::max() - limits::kMaxFutureMs &&
        ts > referenceMs + limits::kMaxFutureMs)
        return std::string(what) + " is more than 60 s in the future";
    return std::nullopt;
}

std::int64_t clampEventTime(std::int64_t ts, std::int64_t referenceMs) {
    if (referenceMs >= std::numeric_limits<std::int64_t>::max() - limits::kMaxFutureMs)
        return ts;
    return std::min(ts, referenceMs + limits::kMaxFutureMs);
}

std::int64_t eventReference(std::int64_t messageTs, std::int64_t nowMs) {
    return messageTs > 0 ? std::min(messageTs, nowMs) : nowMs;
}

} // namespace kse
