#include "chart/indicators.h"

#include <cmath>

#include "domain/price.h"

namespace kse::indicators {
namespace {

__extension__ typedef __int128 Wide; // pedantic mode needs the marker
constexpr std::int64_t kDayMs = 86'400'000;

double value(std::int64_t ticks) { return static_cast<double>(ticks) / Price::kScale; }
double value(Wide ticks) { return static_cast<double>(ticks) / Price::kScale; }

} // namespace

Line sma(const std::vector<ChartCandle>& candles, int period) {
    Line out(candles.size());
    if (period < 1)
        return out;
    const auto n = static_cast<std::size_t>(period);
    Wide sum = 0; // a thousand closes near the int64 limit do not wrap
    for (std::size_t i = 0; i < candles.size(); ++i) {
        sum += candles[i].close;
        if (i >= n)
            sum -= candles[i - n].close;
        if (i + 1 >= n)
            out[i] = value(sum) / period;
    }
    return out;
}

Line ema(const std::vector<ChartCandle>& candles, int period) {
    Line out(candles.size());
    if (period < 1 || candles.size() < static_cast<std::size_t>(period))
        return out;
    const Line seed = sma(candles, period);
    const double k = 2.0 / (period + 1);
    const auto first = static_cast<std::size_t>(period) - 1;
    double e = *seed[first];
    out[first] = e;
    for (std::size_t i = first + 1; i < candles.size(); ++i) {
        e += k * (value(candles[i].close) - e);
        out[i] = e;
    }
    return out;
}

Bands bollinger(const std::vector<ChartCandle>& candles, int period, double widths) {
    Bands bands{sma(candles, period), Line(candles.size()), Line(candles.size())};
    if (period < 1)
        return bands;
    const auto n = static_cast<std::size_t>(period);
    for (std::size_t i = 0; i < candles.size(); ++i) {
        if (!bands.middle[i])
            continue;
        const double mean = *bands.middle[i];
        double squares = 0;
        for (std::size_t j = i + 1 - n; j <= i; ++j) {
            const double d = value(candles[j].close) - mean;
            squares += d * d;
        }
        const double deviation = std::sqrt(squares / period);
        bands.upper[i] = mean + widths * deviation;
        bands.lower[i] = mean - widths * deviation;
    }
    return bands;
}

Line vwap(const std::vector<ChartCandle>& candles) {
    Line out(candles.size());
    Wide notional = 0; // ticks × shares: wider than any int64 product
    Wide volume = 0;
    std::int64_t day = 0;
    for (std::size_t i = 0; i < candles.size(); ++i) {
        const ChartCandle& c = candles[i];
        const std::int64_t today = c.start >= 0 ? c.start / kDayMs : (c.start - kDayMs + 1) / kDayMs;
        if (i == 0 || today != day) {
            day = today;
            notional = 0;
            volume = 0;
        }
        notional += static_cast<Wide>(c.vwap) * c.volume;
        volume += c.volume;
        if (volume > 0)
            out[i] = value(notional / volume) + value(notional % volume) / static_cast<double>(volume);
    }
    return out;
}

} // namespace kse::indicators
