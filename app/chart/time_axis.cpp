#include "chart/time_axis.h"

#include <QDateTime>
#include <QTimeZone>
#include <array>

namespace kse {
namespace {

constexpr std::int64_t kSecond = 1'000, kMinute = 60 * kSecond, kHour = 60 * kMinute, kDay = 24 * kHour;
constexpr std::array kSteps{kSecond,  2 * kSecond, 5 * kSecond, 10 * kSecond, 15 * kSecond, 30 * kSecond,
                            kMinute,  2 * kMinute, 5 * kMinute, 10 * kMinute, 15 * kMinute, 30 * kMinute,
                            kHour,    2 * kHour,   3 * kHour,   6 * kHour,    12 * kHour,   kDay,
                            2 * kDay, 7 * kDay,    14 * kDay,   30 * kDay};

std::int64_t floorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

} // namespace

std::int64_t TimeAxis::step(std::int64_t spanMs, double width, double minSpacing) {
    if (width <= 0 || spanMs <= 0)
        return kSteps.back();
    for (std::int64_t s : kSteps)
        if (static_cast<double>(s) / static_cast<double>(spanMs) * width >= minSpacing)
            return s;
    return kSteps.back();
}

std::vector<TimeAxis::Tick> TimeAxis::ticks(std::int64_t fromMs, std::int64_t toMs, double width, double minSpacing,
                                            int utcOffsetSeconds) {
    std::vector<Tick> out;
    if (toMs <= fromMs || width <= 0)
        return out;
    const std::int64_t s = step(toMs - fromMs, width, minSpacing);
    const std::int64_t offset = static_cast<std::int64_t>(utcOffsetSeconds) * kSecond;
    // The first round local time at or after `fromMs`.
    std::int64_t t = (floorDiv(fromMs + offset + s - 1, s)) * s - offset;
    const QTimeZone zone(utcOffsetSeconds);
    std::int64_t previousDay = floorDiv(t - s + offset, kDay);
    for (; t <= toMs && out.size() < 200; t += s) {
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(t, zone);
        const std::int64_t day = floorDiv(t + offset, kDay);
        QString label;
        if (s >= kDay || (day != previousDay && (t + offset) % kDay == 0))
            label = at.toString(QStringLiteral("d MMM"));
        else if (s < kMinute)
            label = at.toString(QStringLiteral("HH:mm:ss"));
        else
            label = at.toString(QStringLiteral("HH:mm"));
        previousDay = day;
        out.push_back({t, label});
    }
    return out;
}

} // namespace kse
