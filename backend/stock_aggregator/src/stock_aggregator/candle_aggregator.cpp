#include "stock_aggregator/candle_aggregator.h"

#include <algorithm>

namespace kse {

CandleAggregator::CandleAggregator(Options options) : m_options(options) {}

CandleAggregator::SymbolState& CandleAggregator::state(std::string_view symbol) {
    if (auto it = m_symbols.find(symbol); it != m_symbols.end())
        return *it->second;
    auto owned = std::make_unique<SymbolState>();
    owned->symbol = std::string(symbol);
    SymbolState& ref = *owned;
    m_symbols.emplace(ref.symbol, std::move(owned)); // the key views the state's own string
    return ref;
}

void CandleAggregator::markDirty(SymbolState& state) {
    if (!state.dirty) {
        state.dirty = true;
        m_dirty.push_back(&state);
    }
}

Candle CandleAggregator::firstCandle(Interval interval, std::int64_t start, Price price, std::int64_t qty,
                                     std::int64_t ts) const {
    Candle candle = Candle::first(start, price, qty, ts);
    // A window that opens after it was due to close (a late tick) is final at once.
    candle.final = start + durationMs(interval) + m_options.latenessMs <= m_now;
    return candle;
}

Candle* CandleAggregator::find(SymbolState& state, Interval interval, std::int64_t start) {
    auto& series = state.series[static_cast<std::size_t>(interval)].candles;
    // Nearly every tick belongs to the newest candle: search from the back. (A range-for over
    // std::views::reverse, which clang-tidy proposes, does not compile with Clang 14's ranges.)
    // NOLINTNEXTLINE(modernize-loop-convert)
    for (auto it = series.rbegin(); it != series.rend(); ++it) {
        if (it->start == start)
            return &*it;
        if (it->start < start)
            break;
    }
    return nullptr;
}

void CandleAggregator::addToSeries(SymbolState& state, Interval interval, std::int64_t start, Price price,
                                   std::int64_t qty, std::int64_t ts) {
    Series& owner = state.series[static_cast<std::size_t>(interval)];
    auto& series = owner.candles;
    owner.dirtyFrom = std::min(owner.dirtyFrom, start);
    if (series.empty() || start > series.back().start) {
        series.push_back(firstCandle(interval, start, price, qty, ts));
        if (series.size() > static_cast<std::size_t>(m_options.keptCandles))
            series.pop_front();
        return;
    }
    if (series.back().start == start) {
        series.back().add(price, qty, ts);
        return;
    }
    if (Candle* candle = find(state, interval, start)) {
        candle->add(price, qty, ts);
        return;
    }
    if (start < series.front().start && series.size() >= static_cast<std::size_t>(m_options.keptCandles)) {
        ++m_late[static_cast<std::size_t>(interval)];
        return;
    }
    // A window with no candle yet between kept ones (or before them while there is room).
    const auto at = std::lower_bound(series.begin(), series.end(), start,
                                     [](const Candle& c, std::int64_t s) { return c.start < s; });
    series.insert(at, firstCandle(interval, start, price, qty, ts));
}

void CandleAggregator::apply(std::string_view symbol, Price price, std::int64_t qty, std::int64_t ts) {
    SymbolState& s = state(symbol);
    // Window starts with constant divisors, and the newest candle as the fast path.
    const std::array<std::int64_t, kIntervals.size()> starts{
        windowStart(ts, Interval::Second1), windowStart(ts, Interval::Minute1), windowStart(ts, Interval::Minute5),
        windowStart(ts, Interval::Hour1)};
    for (std::size_t i = 0; i < kIntervals.size(); ++i) {
        Series& series = s.series[i];
        if (!series.candles.empty() && series.candles.back().start == starts[i]) {
            series.candles.back().add(price, qty, ts);
            series.dirtyFrom = std::min(series.dirtyFrom, starts[i]);
        } else {
            addToSeries(s, kIntervals[i], starts[i], price, qty, ts);
        }
    }
    s.stats.add(price, qty, ts);
    markDirty(s);
    ++m_ticks;
}

void CandleAggregator::advanceTime(std::int64_t nowMs) {
    m_now = std::max(m_now, nowMs);
    for (auto& [name, s] : m_symbols) {
        for (const Interval interval : kIntervals) {
            const std::int64_t width = durationMs(interval);
            Series& series = s->series[static_cast<std::size_t>(interval)];
            // Finals are marked newest-first until one is already final: older ones are too.
            for (auto it = series.candles.rbegin(); it != series.candles.rend() && !it->final; ++it) {
                if (it->start + width + m_options.latenessMs <= nowMs) {
                    it->final = true;
                    it->dirty = true;
                    series.dirtyFrom = std::min(series.dirtyFrom, it->start);
                    markDirty(*s);
                }
            }
        }
    }
}

void CandleAggregator::drain(std::vector<CandleChange>& candles, std::vector<StatsChange>& stats) {
    for (SymbolState* s : m_dirty) {
        for (const Interval interval : kIntervals) {
            Series& series = s->series[static_cast<std::size_t>(interval)];
            auto it = std::lower_bound(series.candles.begin(), series.candles.end(), series.dirtyFrom,
                                       [](const Candle& c, std::int64_t start) { return c.start < start; });
            for (; it != series.candles.end(); ++it) {
                if (it->dirty) {
                    it->dirty = false;
                    candles.push_back({s->symbol, interval, *it});
                }
            }
            series.dirtyFrom = std::numeric_limits<std::int64_t>::max();
        }
        if (s->stats.dirty) {
            s->stats.dirty = false;
            stats.push_back({s->symbol, s->stats});
        }
        s->dirty = false;
    }
    m_dirty.clear();
}

void CandleAggregator::restore(std::string_view symbol, Interval interval, const Candle& candle) {
    SymbolState& s = state(symbol);
    auto& series = s.series[static_cast<std::size_t>(interval)].candles;
    Candle copy = candle;
    copy.dirty = false;
    const auto at = std::lower_bound(series.begin(), series.end(), copy.start,
                                     [](const Candle& c, std::int64_t start) { return c.start < start; });
    if (at != series.end() && at->start == copy.start)
        *at = copy;
    else
        series.insert(at, copy);
    while (series.size() > static_cast<std::size_t>(m_options.keptCandles))
        series.pop_front();
}

void CandleAggregator::restore(std::string_view symbol, const SessionStats& stats) {
    SymbolState& s = state(symbol);
    s.stats = stats;
    s.stats.dirty = false;
}

void CandleAggregator::forget(std::string_view symbol, std::int64_t fromMs) {
    auto it = m_symbols.find(symbol);
    if (it == m_symbols.end())
        return;
    SymbolState& s = *it->second;
    for (const Interval interval : kIntervals) {
        auto& series = s.series[static_cast<std::size_t>(interval)].candles;
        std::erase_if(series, [&](const Candle& c) { return c.start >= windowStart(fromMs, interval); });
    }
    s.stats = SessionStats{};
}

void CandleAggregator::release(std::string_view symbol) {
    const auto it = m_symbols.find(symbol);
    if (it == m_symbols.end())
        return;
    std::erase(m_dirty, it->second.get());
    m_symbols.erase(it);
}

std::vector<std::string> CandleAggregator::symbols() const {
    std::vector<std::string> out;
    out.reserve(m_symbols.size());
    for (const auto& entry : m_symbols)
        out.emplace_back(entry.first);
    return out;
}

} // namespace kse
