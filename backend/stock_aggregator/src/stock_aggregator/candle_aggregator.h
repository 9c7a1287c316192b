#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/candle.h"
#include "domain/interval.h"
#include "domain/session_stats.h"

namespace kse {

// The aggregation core: prices in, candles at 1s/1m/5m/1h and session statistics out. Pure
// C++, single-threaded, no I/O. Changes are collected and handed out by drain(), so an adapter
// can store and publish them in batches.
class CandleAggregator {
public:
    struct Options {
        int keptCandles = 120;           // per symbol and interval, in memory
        std::int64_t latenessMs = 2'000; // a window is final this long after it ends
    };
    struct CandleChange {
        std::string_view symbol;
        Interval interval;
        Candle candle;
    };
    struct StatsChange {
        std::string_view symbol;
        SessionStats stats;
    };

    explicit CandleAggregator(Options options);
    CandleAggregator() : CandleAggregator(Options{}) {}

    void apply(std::string_view symbol, Price price, std::int64_t qty, std::int64_t ts);
    // Marks every window that ended more than `latenessMs` before nowMs as final.
    void advanceTime(std::int64_t nowMs);
    // Hands out what changed since the last call (the views stay valid while the symbol exists).
    void drain(std::vector<CandleChange>& candles, std::vector<StatsChange>& stats);

    // Restores stored state (on start): kept candles and statistics.
    void restore(std::string_view symbol, Interval interval, const Candle& candle);
    void restore(std::string_view symbol, const SessionStats& stats);
    // Forgets a symbol's candles from `fromMs` on and its statistics, to rebuild them by replay.
    void forget(std::string_view symbol, std::int64_t fromMs);
    // Drops everything held for a symbol, changes not yet drained included: another member
    // aggregates it now.
    void release(std::string_view symbol);
    std::vector<std::string> symbols() const;

    // Ticks older than every kept candle of that interval: counted, not applied.
    std::uint64_t lateTicks(Interval interval) const { return m_late[static_cast<std::size_t>(interval)]; }
    std::uint64_t ticks() const { return m_ticks; }
    std::size_t symbolCount() const { return m_symbols.size(); }

private:
    struct Series {
        std::deque<Candle> candles; // by start, oldest first
        // The oldest candle changed since the last drain, so drain() need not scan the rest.
        std::int64_t dirtyFrom = std::numeric_limits<std::int64_t>::max();
    };
    struct SymbolState {
        std::string symbol;
        std::array<Series, kIntervals.size()> series;
        SessionStats stats;
        bool dirty = false;
    };
    SymbolState& state(std::string_view symbol);
    void addToSeries(SymbolState& state, Interval interval, std::int64_t start, Price price, std::int64_t qty,
                     std::int64_t ts);
    void markDirty(SymbolState& state);
    Candle firstCandle(Interval interval, std::int64_t start, Price price, std::int64_t qty, std::int64_t ts) const;
    Candle* find(SymbolState& state, Interval interval, std::int64_t start);

    Options m_options;
    // Heterogeneous lookup would need C++20 transparent hashing of unordered_map keys; a
    // string_view-keyed map over owned strings gives it without allocating per tick.
    std::unordered_map<std::string_view, std::unique_ptr<SymbolState>> m_symbols;
    std::vector<SymbolState*> m_dirty;
    std::array<std::uint64_t, kIntervals.size()> m_late{};
    std::uint64_t m_ticks = 0;
    std::int64_t m_now = 0; // the latest advanceTime()
};

} // namespace kse
