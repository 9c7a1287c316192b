#include "domain/interval.h"

namespace kse {

namespace {
constexpr std::array<std::string_view, 4> kNames{"1s", "1m", "5m", "1h"};
}

std::string_view intervalName(Interval interval) { return kNames[static_cast<std::size_t>(interval)]; }

std::optional<Interval> parseInterval(std::string_view name) {
    for (const Interval interval : kIntervals)
        if (kNames[static_cast<std::size_t>(interval)] == name)
            return interval;
    return std::nullopt;
}

} // namespace kse
