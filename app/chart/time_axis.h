#pragma once

#include <QString>
#include <cstdint>
#include <vector>

namespace kse {

// Where a chart's time axis puts its labels: on round times (every 1 s … 7 days, the smallest
// step that leaves `minSpacing` pixels between labels), in local time, written as the step asks
// — seconds under a minute, HH:mm under a day, the date where a day begins or the step is a day
// or more. Pure, so that any interval and any zoom can be checked.
class TimeAxis {
public:
    struct Tick {
        std::int64_t ms = 0;
        QString label;
        bool operator==(const Tick&) const = default;
    };

    // The ticks in [fromMs, toMs] for a plot `width` pixels wide; `utcOffsetSeconds` is the
    // local time's offset at `fromMs` (so that hours and days fall on local round times).
    static std::vector<Tick> ticks(std::int64_t fromMs, std::int64_t toMs, double width, double minSpacing,
                                   int utcOffsetSeconds);
    // The step ticks() chooses, in milliseconds.
    static std::int64_t step(std::int64_t spanMs, double width, double minSpacing);
};

} // namespace kse
