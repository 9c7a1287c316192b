#pragma once

#include <QString>
#include <cstdint>
#include <vector>

namespace kse {

// One candle as the API gives it; prices in ticks of 0.0001, as everywhere.
struct ChartCandle {
    std::int64_t start = 0; // ms since the epoch
    std::int64_t open = 0, high = 0, low = 0, close = 0;
    std::int64_t volume = 0;
    std::int64_t vwap = 0;
    std::int64_t count = 0;
    bool final = false;
    bool operator==(const ChartCandle&) const = default;
};

// What a chart shows: one symbol's candles at one interval, oldest first.
struct ChartSeries {
    QString symbol;
    QString interval; // 1s, 1m, 5m, 1h
    std::vector<ChartCandle> candles;
};

// The interval's length in milliseconds, or 0 when it is not one of 1s, 1m, 5m, 1h.
std::int64_t intervalMs(const QString& interval);

} // namespace kse
