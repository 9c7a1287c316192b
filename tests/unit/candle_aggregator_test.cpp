#include <gtest/gtest.h>
#include <map>
#include <random>

#include "stock_aggregator/candle_aggregator.h"

using kse::Candle;
using kse::CandleAggregator;
using kse::Interval;
using kse::Price;

namespace {

Price p(std::int64_t ticks) { return Price::fromTicks(ticks); }

// Everything that changed, by (interval, start), for one symbol.
std::map<std::pair<Interval, std::int64_t>, Candle>
drainCandles(CandleAggregator& aggregator, std::vector<CandleAggregator::StatsChange>* stats = nullptr) {
    std::vector<CandleAggregator::CandleChange> candles;
    std::vector<CandleAggregator::StatsChange> ignored;
    aggregator.drain(candles, stats ? *stats : ignored);
    std::map<std::pair<Interval, std::int64_t>, Candle> out;
    for (const auto& change : candles)
        out[{change.interval, change.candle.start}] = change.candle;
    return out;
}

} // namespace

TEST(Interval, NamesAndWindows) {
    EXPECT_EQ(kse::parseInterval("5m"), Interval::Minute5);
    EXPECT_FALSE(kse::parseInterval("2m").has_value());
    EXPECT_EQ(kse::intervalName(Interval::Hour1), "1h");
    EXPECT_EQ(kse::windowStart(999, Interval::Second1), 0);
    EXPECT_EQ(kse::windowStart(1'000, Interval::Second1), 1'000);
    EXPECT_EQ(kse::windowStart(59'999, Interval::Minute1), 0);
    EXPECT_EQ(kse::windowStart(60'000, Interval::Minute1), 60'000);
    EXPECT_EQ(kse::windowStart(299'999, Interval::Minute5), 0);
    EXPECT_EQ(kse::windowStart(7'200'001, Interval::Hour1), 7'200'000);
}

TEST(CandleAggregator, BucketBoundaries) {
    CandleAggregator aggregator;
    aggregator.apply("A", p(100), 1, 59'999);
    aggregator.apply("A", p(200), 1, 60'000);
    const auto candles = drainCandles(aggregator);
    EXPECT_EQ(candles.at({Interval::Second1, 59'000}).close, p(100));
    EXPECT_EQ(candles.at({Interval::Second1, 60'000}).open, p(200));
    EXPECT_EQ(candles.at({Interval::Minute1, 0}).count, 1);
    EXPECT_EQ(candles.at({Interval::Minute1, 60'000}).count, 1);
    EXPECT_EQ(candles.at({Interval::Minute5, 0}).count, 2);
    EXPECT_EQ(candles.at({Interval::Hour1, 0}).volume, 2);
}

TEST(CandleAggregator, OpenAndCloseFollowEventTimeNotArrival) {
    CandleAggregator aggregator;
    aggregator.apply("A", p(105), 10, 30'000);
    aggregator.apply("A", p(110), 10, 50'000);
    aggregator.apply("A", p(100), 10, 10'000); // late, but earliest: the open
    aggregator.apply("A", p(90), 10, 20'000);  // late, neither open nor close: only the low
    const Candle minute = drainCandles(aggregator).at({Interval::Minute1, 0});
    EXPECT_EQ(minute.open, p(100));
    EXPECT_EQ(minute.close, p(110));
    EXPECT_EQ(minute.high, p(110));
    EXPECT_EQ(minute.low, p(90));
    EXPECT_EQ(minute.volume, 40);
    EXPECT_EQ(minute.count, 4);
}

TEST(CandleAggregator, VwapIsExactFixedPoint) {
    CandleAggregator aggregator;
    aggregator.apply("A", p(10'001), 1, 1);
    aggregator.apply("A", p(10'002), 2, 2);
    const Candle candle = drainCandles(aggregator).at({Interval::Second1, 0});
    EXPECT_EQ(candle.notional, 30'005);
    EXPECT_EQ(candle.vwap(), p(10'002)); // 10001.67 rounds half up
    // Sums far beyond 64 bits stay exact.
    CandleAggregator big;
    big.apply("B", p(900'000'000'000'000), 1'000'000'000'000, 1);
    big.apply("B", p(900'000'000'000'000), 1'000'000'000'000, 2);
    const Candle huge = drainCandles(big).at({Interval::Second1, 0});
    EXPECT_EQ(huge.vwap(), p(900'000'000'000'000));
    EXPECT_EQ(huge.volume, 2'000'000'000'000);
}

TEST(CandleAggregator, VwapWithoutVolumeIsTheClose) {
    CandleAggregator aggregator;
    aggregator.apply("A", p(5), 0, 1);
    aggregator.apply("A", p(7), 0, 2);
    EXPECT_EQ(drainCandles(aggregator).at({Interval::Second1, 0}).vwap(), p(7));
}

TEST(CandleAggregator, OneMinuteEqualsTheMergeOfItsSeconds) {
    // Room for all 300 seconds: a second dropped as too old would be missing from the merge.
    CandleAggregator aggregator({.keptCandles = 300});
    std::mt19937_64 random(42);
    std::uniform_int_distribution<std::int64_t> ts(0, 5 * 60'000 - 1), price(1, 1'000'000), qty(0, 500);
    for (int i = 0; i < 50'000; ++i) { // in random order, so out-of-order arrival is covered too
        // Drawn one statement each: the order in which function arguments are evaluated is the
        // compiler's choice, and GCC and Clang choose differently.
        const std::int64_t at = ts(random);
        const std::int64_t shares = qty(random);
        aggregator.apply("A", p(price(random)), shares, at);
    }
    const auto candles = drainCandles(aggregator);
    std::map<std::int64_t, Candle> merged;
    for (const auto& [key, candle] : candles) {
        if (key.first != Interval::Second1)
            continue;
        const auto minute = kse::windowStart(candle.start, Interval::Minute1);
        if (auto it = merged.find(minute); it == merged.end()) {
            Candle first = candle;
            first.start = minute;
            merged[minute] = first;
        } else {
            it->second.merge(candle);
        }
    }
    ASSERT_EQ(merged.size(), 5U);
    for (const auto& [start, expected] : merged) {
        const Candle& minute = candles.at({Interval::Minute1, start});
        EXPECT_EQ(minute.open, expected.open);
        EXPECT_EQ(minute.high, expected.high);
        EXPECT_EQ(minute.low, expected.low);
        EXPECT_EQ(minute.close, expected.close);
        EXPECT_EQ(minute.volume, expected.volume);
        EXPECT_EQ(minute.notional, expected.notional);
        EXPECT_EQ(minute.count, expected.count);
    }
}

TEST(CandleAggregator, TicksOlderThanEveryKeptCandleAreCountedNotApplied) {
    CandleAggregator aggregator({.keptCandles = 3, .latenessMs = 0});
    for (std::int64_t second = 10; second < 14; ++second)
        aggregator.apply("A", p(100), 1, second * 1'000);
    drainCandles(aggregator);
    aggregator.apply("A", p(50), 1, 5'000); // the 1s candles kept are 11, 12, 13
    EXPECT_EQ(aggregator.lateTicks(Interval::Second1), 1U);
    EXPECT_EQ(aggregator.lateTicks(Interval::Minute1), 0U);
    const auto candles = drainCandles(aggregator);
    EXPECT_FALSE(candles.contains({Interval::Second1, 5'000}));
    EXPECT_EQ(candles.at({Interval::Minute1, 0}).low, p(50)) << "still counted where it fits";
    EXPECT_EQ(candles.at({Interval::Minute1, 0}).count, 5);
}

TEST(CandleAggregator, WindowsBecomeFinalAfterTheirLateness) {
    CandleAggregator aggregator({.keptCandles = 10, .latenessMs = 500});
    aggregator.apply("A", p(1), 1, 1'200);
    drainCandles(aggregator);
    aggregator.advanceTime(2'400);
    EXPECT_TRUE(drainCandles(aggregator).empty()) << "1s window [1000,2000) is final only at 2500";
    aggregator.advanceTime(2'500);
    const auto candles = drainCandles(aggregator);
    ASSERT_EQ(candles.size(), 1U);
    EXPECT_TRUE(candles.at({Interval::Second1, 1'000}).final);
    aggregator.apply("A", p(2), 1, 1'300); // a correction to a final candle is handed out again
    EXPECT_TRUE(drainCandles(aggregator).at({Interval::Second1, 1'000}).final);
    aggregator.apply("A", p(3), 1, 300); // a late window of its own is final at once
    EXPECT_TRUE(drainCandles(aggregator).at({Interval::Second1, 0}).final);
}

TEST(CandleAggregator, SessionStatisticsAcrossDays) {
    CandleAggregator aggregator;
    const std::int64_t day = kse::SessionStats::kDayMs;
    aggregator.apply("A", p(100), 10, day + 1);
    aggregator.apply("A", p(120), 5, day + 2);
    aggregator.apply("A", p(90), 5, day + 3);
    std::vector<CandleAggregator::StatsChange> stats;
    drainCandles(aggregator, &stats);
    ASSERT_EQ(stats.size(), 1U);
    EXPECT_EQ(stats[0].stats.open, p(100));
    EXPECT_EQ(stats[0].stats.high, p(120));
    EXPECT_EQ(stats[0].stats.low, p(90));
    EXPECT_EQ(stats[0].stats.last, p(90));
    EXPECT_EQ(stats[0].stats.volume, 20);
    EXPECT_EQ(stats[0].stats.changeTicks(), -10);
    EXPECT_DOUBLE_EQ(stats[0].stats.changePercent(), -10.0);

    aggregator.apply("A", p(99), 1, 2 * day + 5); // next session: change against the previous close
    aggregator.apply("A", p(500), 1, day + 10);   // a tick of a closed session leaves the stats alone
    stats.clear();
    drainCandles(aggregator, &stats);
    EXPECT_EQ(stats[0].stats.open, p(99));
    EXPECT_EQ(stats[0].stats.volume, 1);
    EXPECT_EQ(stats[0].stats.previousClose, p(90));
    EXPECT_EQ(stats[0].stats.changeTicks(), 9);
}

TEST(CandleAggregator, DrainHandsOutOnlyWhatChanged) {
    CandleAggregator aggregator;
    aggregator.apply("A", p(1), 1, 1'000);
    aggregator.apply("B", p(1), 1, 1'000);
    std::vector<CandleAggregator::CandleChange> candles;
    std::vector<CandleAggregator::StatsChange> stats;
    aggregator.drain(candles, stats);
    EXPECT_EQ(candles.size(), 8U); // two symbols, four intervals
    EXPECT_EQ(stats.size(), 2U);
    candles.clear();
    stats.clear();
    aggregator.apply("A", p(2), 1, 2'500);
    aggregator.drain(candles, stats);
    EXPECT_EQ(candles.size(), 4U); // A's new 1s candle and A's 1m, 5m, 1h
    ASSERT_EQ(stats.size(), 1U);
    EXPECT_EQ(stats[0].symbol, "A");
    candles.clear();
    stats.clear();
    aggregator.drain(candles, stats);
    EXPECT_TRUE(candles.empty());
    EXPECT_TRUE(stats.empty());
}

TEST(CandleAggregator, ForgetThenReplayRebuildsTheSameCandles) {
    CandleAggregator aggregator;
    for (int i = 0; i < 100; ++i)
        aggregator.apply("A", p(100 + i), i, 1'000 * i);
    const auto before = drainCandles(aggregator);
    aggregator.forget("A", 0);
    for (int i = 0; i < 100; ++i)
        aggregator.apply("A", p(100 + i), i, 1'000 * i);
    const auto after = drainCandles(aggregator);
    ASSERT_EQ(before.size(), after.size());
    for (const auto& [key, candle] : before) {
        EXPECT_EQ(after.at(key).volume, candle.volume);
        EXPECT_EQ(after.at(key).count, candle.count);
        EXPECT_EQ(after.at(key).close, candle.close);
    }
}
