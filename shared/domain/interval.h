#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace kse {

// The candle widths the aggregator keeps, narrowest first.
enum class Interval : std::uint8_t { Second1, Minute1, Minute5, Hour1 };

inline constexpr std::array kIntervals{Interval::Second1, Interval::Minute1, Interval::Minute5, Interval::Hour1};

constexpr std::int64_t durationMs(Interval interval) {
    constexpr std::array<std::int64_t, 4> kDurations{1'000, 60'000, 300'000, 3'600'000};
    return kDurations[static_cast<std::size_t>(interval)];
}

std::string_view intervalName(Interval interval);
std::optional<Interval> parseInterval(std::string_view name);

// The start of the window of width `interval` that holds `ts` (milliseconds since the epoch).
constexpr std::int64_t windowStart(std::int64_t ts, Interval interval) {
    const std::int64_t d = durationMs(interval);
    const std::int64_t r = ts % d;
    return ts - (r < 0 ? r + d : r);
}

} // namespace kse
