#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "chart/chart_series.h"

namespace kse::indicators {

// The studies a chart draws over its candles, one value (in price units) per candle, or none
// where the candles before it are too few. Computed over every candle kept; only the candles in
// view are drawn.
using Line = std::vector<std::optional<double>>;

// Simple moving average of the closes over `period` candles; exact in ticks until the division.
Line sma(const std::vector<ChartCandle>& candles, int period);
// Exponential moving average of the closes, weight 2 / (period + 1), started at the simple
// average of the first `period` closes, as the usual charting platforms do.
Line ema(const std::vector<ChartCandle>& candles, int period);
// Bollinger bands: the simple average ± `widths` standard deviations (population) of the closes.
struct Bands {
    Line middle, upper, lower;
};
Bands bollinger(const std::vector<ChartCandle>& candles, int period, double widths = 2.0);
// The volume-weighted average price since the start of each UTC day: every candle's own VWAP
// weighted by its volume, restarted at midnight. Candles without volume carry the day's value.
Line vwap(const std::vector<ChartCandle>& candles);

} // namespace kse::indicators
