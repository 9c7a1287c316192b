// The aggregation core alone on one core: ticks/s through 4 candle intervals and session stats.
#include <benchmark/benchmark.h>
#include <random>
#include <string>
#include <vector>

#include "stock_aggregator/candle_aggregator.h"

namespace {

struct Input {
    std::vector<std::string> symbols;
    std::vector<std::uint32_t> symbol;
    std::vector<kse::Price> price;
    std::vector<std::int64_t> qty;
    std::vector<std::int64_t> ts;
};

// A market-like stream: `symbols` symbols, 10,000 ticks a second, mostly in order with 1 % late.
Input makeInput(int symbols, std::size_t count) {
    Input in;
    for (int i = 0; i < symbols; ++i)
        in.symbols.push_back("SYM" + std::to_string(i));
    std::mt19937_64 random(7);
    std::uniform_int_distribution<std::uint32_t> pick(0, static_cast<std::uint32_t>(symbols - 1));
    std::uniform_int_distribution<std::int64_t> step(-5, 5), qty(1, 500), late(0, 99);
    std::vector<std::int64_t> last(static_cast<std::size_t>(symbols), 1'000'000);
    for (std::size_t i = 0; i < count; ++i) {
        const auto s = pick(random);
        last[s] = std::max<std::int64_t>(1, last[s] + step(random) * 100);
        in.symbol.push_back(s);
        in.price.push_back(kse::Price::fromTicks(last[s]));
        in.qty.push_back(qty(random));
        const std::int64_t ts = 1'700'000'000'000 + static_cast<std::int64_t>(i / 10);
        in.ts.push_back(late(random) == 0 ? ts - 3'000 : ts);
    }
    return in;
}

void BM_AggregateTicks(benchmark::State& state) {
    const Input in = makeInput(static_cast<int>(state.range(0)), 1 << 20);
    kse::CandleAggregator aggregator;
    std::vector<kse::CandleAggregator::CandleChange> candles;
    std::vector<kse::CandleAggregator::StatsChange> stats;
    std::size_t i = 0;
    constexpr std::int64_t kSpanMs = (1 << 20) / 10 + 10'000; // one pass over the input, in event time
    for (auto _ : state) {
        const std::size_t k = i & ((1 << 20) - 1);
        // Each pass over the input continues in time rather than jumping back to its start.
        const std::int64_t ts = in.ts[k] + static_cast<std::int64_t>(i >> 20) * kSpanMs;
        ++i;
        aggregator.apply(in.symbols[in.symbol[k]], in.price[k], in.qty[k], ts);
        if ((i & 4095) == 0) { // what the service does every flush
            candles.clear();
            stats.clear();
            aggregator.drain(candles, stats);
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_AggregateTicks)->Arg(10)->Arg(1'000)->Arg(10'000);

} // namespace

BENCHMARK_MAIN();
