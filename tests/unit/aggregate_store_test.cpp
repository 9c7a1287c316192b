#include <filesystem>
#include <gtest/gtest.h>
#include <initializer_list>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "stock_aggregator/aggregate_queries.h"
#include "stock_aggregator/aggregate_store.h"
#include "support/scratch_dir.h"

using kse::AggregateQueries;
using kse::Candle;
using kse::CandleAggregator;
using kse::Int128;
using kse::Interval;
using kse::Price;
using kse::SessionStats;
using kse::TopicPartitionOffset;
using Batch = kse::AggregateStore::Batch;

namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kDay = SessionStats::kDayMs;

Price p(std::int64_t ticks) { return Price::fromTicks(ticks); }

bool kEverySymbol(std::string_view) { return true; }

// What the aggregator changed since the last drain, as a batch to store. The symbols are views
// into `aggregator`, which must outlive the batch.
Batch drained(CandleAggregator& aggregator) {
    Batch batch;
    aggregator.drain(batch.candles, batch.stats);
    return batch;
}

// One tick of price 1 in each of the given 1m windows, 1.5 s into it (so its 1s window starts
// 1 s after the minute and the two intervals are told apart).
void tickInMinutes(CandleAggregator& aggregator, std::string_view symbol, std::initializer_list<int> minutes) {
    for (const int minute : minutes)
        aggregator.apply(symbol, p(10'000), 1, minute * kMinute + 1'500);
}

const Candle* findCandle(const Batch& batch, std::string_view symbol, Interval interval, std::int64_t start) {
    for (const auto& change : batch.candles)
        if (change.symbol == symbol && change.interval == interval && change.candle.start == start)
            return &change.candle;
    return nullptr;
}

const SessionStats* findStats(const Batch& batch, std::string_view symbol) {
    for (const auto& change : batch.stats)
        if (change.symbol == symbol)
            return &change.stats;
    return nullptr;
}

std::vector<std::int64_t> starts(const std::vector<Candle>& candles) {
    std::vector<std::int64_t> out;
    for (const Candle& candle : candles)
        out.push_back(candle.start);
    return out;
}

void expectSameCandle(const Candle& actual, const Candle& expected) {
    EXPECT_EQ(actual.start, expected.start);
    EXPECT_EQ(actual.open, expected.open);
    EXPECT_EQ(actual.high, expected.high);
    EXPECT_EQ(actual.low, expected.low);
    EXPECT_EQ(actual.close, expected.close);
    EXPECT_EQ(actual.openTs, expected.openTs);
    EXPECT_EQ(actual.closeTs, expected.closeTs);
    EXPECT_EQ(actual.volume, expected.volume);
    EXPECT_EQ(kse::int128ToString(actual.notional), kse::int128ToString(expected.notional));
    EXPECT_EQ(actual.count, expected.count);
    EXPECT_EQ(actual.final, expected.final);
}

void expectSameStats(const SessionStats& actual, const SessionStats& expected) {
    EXPECT_EQ(actual.day, expected.day);
    EXPECT_EQ(actual.open, expected.open);
    EXPECT_EQ(actual.high, expected.high);
    EXPECT_EQ(actual.low, expected.low);
    EXPECT_EQ(actual.last, expected.last);
    EXPECT_EQ(actual.openTs, expected.openTs);
    EXPECT_EQ(actual.lastTs, expected.lastTs);
    EXPECT_EQ(actual.volume, expected.volume);
    EXPECT_EQ(actual.count, expected.count);
    EXPECT_EQ(actual.previousClose, expected.previousClose);
}

AggregateQueries::CandleQuery minutes() { return AggregateQueries::CandleQuery{Interval::Minute1, {}, {}, 500}; }

class AggregateStoreTest : public ::testing::Test {
protected:
    void SetUp() override { m_path = m_dir.file("stocks.db"); }

    // Writes through a store object of its own, as a process that then exits would.
    void write(const Batch& batch) { kse::AggregateStore(m_path).write(batch); }

    kse::test::ScratchDir m_dir{"kse-aggregate-store"};
    std::string m_path;
};

} // namespace

// Restoring into a fresh aggregator

TEST_F(AggregateStoreTest, RestoredCandleCarriesItsStoredValuesIntoTheNextTick) {
    CandleAggregator source;
    source.apply("AAPL", p(10'000), 10, kMinute);
    source.apply("AAPL", p(20'000), 5, kMinute + 500);
    source.apply("AAPL", p(15'000), 1, kMinute + 1'000);
    const Batch batch = drained(source);
    const Candle* stored = findCandle(batch, "AAPL", Interval::Minute1, kMinute);
    ASSERT_NE(stored, nullptr);
    write(batch);

    CandleAggregator restored;
    kse::AggregateStore(m_path).loadInto(restored, 120, kEverySymbol);
    restored.apply("AAPL", p(30'000), 2, kMinute + 1'500);
    const Batch after = drained(restored);

    Candle expected = *stored;
    expected.add(p(30'000), 2, kMinute + 1'500);
    const Candle* actual = findCandle(after, "AAPL", Interval::Minute1, kMinute);
    ASSERT_NE(actual, nullptr);
    expectSameCandle(*actual, expected);
    EXPECT_EQ(actual->count, 4);
}

TEST_F(AggregateStoreTest, RestoredStatsCarryTheirStoredValuesIntoTheNextTick) {
    CandleAggregator source;
    source.apply("AAPL", p(10'000), 10, 1'000);        // day 0 closes at 1
    source.apply("AAPL", p(12'000), 10, kDay + 1'000); // day 1
    source.apply("AAPL", p(11'000), 3, kDay + 2'000);
    const Batch batch = drained(source);
    const SessionStats* stored = findStats(batch, "AAPL");
    ASSERT_NE(stored, nullptr);
    ASSERT_EQ(stored->previousClose, p(10'000));
    write(batch);

    CandleAggregator restored;
    kse::AggregateStore(m_path).loadInto(restored, 120, kEverySymbol);
    restored.apply("AAPL", p(13'000), 1, kDay + 3'000);
    const Batch after = drained(restored);

    SessionStats expected = *stored;
    expected.add(p(13'000), 1, kDay + 3'000);
    const SessionStats* actual = findStats(after, "AAPL");
    ASSERT_NE(actual, nullptr);
    expectSameStats(*actual, expected);
    EXPECT_EQ(actual->count, 3);
}

TEST_F(AggregateStoreTest, RestoredStateIsNotReportedAsChanged) {
    CandleAggregator source;
    tickInMinutes(source, "AAPL", {1, 2});
    write(drained(source));

    CandleAggregator restored;
    kse::AggregateStore(m_path).loadInto(restored, 120, kEverySymbol);
    const Batch after = drained(restored);
    EXPECT_TRUE(after.candles.empty());
    EXPECT_TRUE(after.stats.empty());
}

TEST_F(AggregateStoreTest, LoadIntoRestoresOnlyTheNewestKeptCandles) {
    CandleAggregator source;
    tickInMinutes(source, "AAPL", {1, 2, 3});
    write(drained(source));

    CandleAggregator restored;
    kse::AggregateStore(m_path).loadInto(restored, 2, kEverySymbol);
    tickInMinutes(restored, "AAPL", {1, 2});
    const Batch after = drained(restored);

    const Candle* oldest = findCandle(after, "AAPL", Interval::Minute1, 1 * kMinute);
    const Candle* kept = findCandle(after, "AAPL", Interval::Minute1, 2 * kMinute);
    ASSERT_NE(oldest, nullptr);
    ASSERT_NE(kept, nullptr);
    EXPECT_EQ(oldest->count, 1); // not restored: only this tick
    EXPECT_EQ(kept->count, 2);   // restored, plus this tick
}

TEST_F(AggregateStoreTest, NotionalBeyond64BitsSurvivesTheStore) {
    CandleAggregator source;
    const Price huge = Price::fromTicks(4'000'000'000'000'000'000); // 4e18 ticks
    source.apply("AAPL", huge, 1'000'000, kMinute);
    source.apply("AAPL", huge, 1'000'000, kMinute + 1);
    const Batch batch = drained(source);
    const Candle* stored = findCandle(batch, "AAPL", Interval::Minute1, kMinute);
    ASSERT_NE(stored, nullptr);
    ASSERT_GT(stored->notional, static_cast<Int128>(std::numeric_limits<std::uint64_t>::max()));
    write(batch);

    const auto candles = AggregateQueries(m_path).candles("AAPL", minutes());
    ASSERT_EQ(candles.size(), 1U);
    EXPECT_EQ(kse::int128ToString(candles[0].notional), "8000000000000000000000000");
    EXPECT_EQ(candles[0].vwap(), huge);
}

// Offsets

TEST_F(AggregateStoreTest, OffsetsReturnsWhatWasWritten) {
    Batch batch;
    batch.offsets = {TopicPartitionOffset{"stock-ingress", 0, 10}, TopicPartitionOffset{"stock-ingress", 1, 4},
                     TopicPartitionOffset{"trades", 2, 7}};
    write(batch);
    const kse::AggregateStore::Offsets expected{
        {{"stock-ingress", 0}, 10}, {{"stock-ingress", 1}, 4}, {{"trades", 2}, 7}};
    EXPECT_EQ(kse::AggregateStore(m_path).offsets(), expected);
}

TEST_F(AggregateStoreTest, LaterOffsetsOverwriteEarlierOnes) {
    Batch first;
    first.offsets = {TopicPartitionOffset{"stock-ingress", 0, 10}, TopicPartitionOffset{"trades", 0, 3}};
    write(first);
    Batch second;
    second.offsets = {TopicPartitionOffset{"stock-ingress", 0, 25}};
    write(second);
    const kse::AggregateStore::Offsets expected{{{"stock-ingress", 0}, 25}, {{"trades", 0}, 3}};
    EXPECT_EQ(kse::AggregateStore(m_path).offsets(), expected);
}

TEST_F(AggregateStoreTest, EmptyStoreHasNoOffsets) { EXPECT_TRUE(kse::AggregateStore(m_path).offsets().empty()); }

// Forgetting a symbol to rebuild it

TEST_F(AggregateStoreTest, ForgottenDeletesTheSymbolsCandlesFromTheGivenTime) {
    CandleAggregator source;
    tickInMinutes(source, "AAPL", {1, 2, 3});
    tickInMinutes(source, "MSFT", {1, 2, 3});
    write(drained(source));
    Batch forget;
    forget.forgotten = {{"AAPL", 2 * kMinute}};
    write(forget);

    AggregateQueries queries(m_path);
    EXPECT_EQ(starts(queries.candles("AAPL", minutes())), (std::vector<std::int64_t>{kMinute}));
    EXPECT_EQ(starts(queries.candles("MSFT", minutes())),
              (std::vector<std::int64_t>{kMinute, 2 * kMinute, 3 * kMinute}));
}

TEST_F(AggregateStoreTest, ForgottenDeletesFromTheStartOfEachIntervalsWindowHoldingTheTime) {
    CandleAggregator source;
    tickInMinutes(source, "AAPL", {1, 2, 3});
    write(drained(source));
    Batch forget;
    forget.forgotten = {{"AAPL", 2 * kMinute + 30'000}}; // mid-minute, and inside hour 0
    write(forget);

    AggregateQueries queries(m_path);
    EXPECT_EQ(starts(queries.candles("AAPL", minutes())), (std::vector<std::int64_t>{kMinute}));
    EXPECT_TRUE(queries.candles("AAPL", {Interval::Hour1, {}, {}, 500}).empty());
    EXPECT_EQ(starts(queries.candles("AAPL", {Interval::Second1, {}, {}, 500})),
              (std::vector<std::int64_t>{kMinute + 1'000, 2 * kMinute + 1'000}));
}

TEST_F(AggregateStoreTest, ForgottenDeletesTheSymbolsStats) {
    CandleAggregator source;
    tickInMinutes(source, "AAPL", {1});
    tickInMinutes(source, "MSFT", {1});
    write(drained(source));
    Batch forget;
    forget.forgotten = {{"AAPL", 0}};
    write(forget);

    AggregateQueries queries(m_path);
    EXPECT_FALSE(queries.stock("AAPL").has_value());
    EXPECT_TRUE(queries.stock("MSFT").has_value());
}

TEST_F(AggregateStoreTest, CandlesWrittenWithTheirForgettingAreKept) {
    CandleAggregator old;
    tickInMinutes(old, "AAPL", {1, 2});
    write(drained(old));

    CandleAggregator rebuilt; // the replay's result, stored with the forgetting it follows
    tickInMinutes(rebuilt, "AAPL", {2});
    Batch batch = drained(rebuilt);
    batch.forgotten = {{"AAPL", 0}};
    write(batch);

    AggregateQueries queries(m_path);
    EXPECT_EQ(starts(queries.candles("AAPL", minutes())), (std::vector<std::int64_t>{2 * kMinute}));
    EXPECT_TRUE(queries.stock("AAPL").has_value());
}

// Queries on the same file

TEST_F(AggregateStoreTest, StocksListsEverySymbolInSymbolOrderWithItsStats) {
    CandleAggregator source;
    source.apply("MSFT", p(20'000), 4, 1'000);
    source.apply("AAPL", p(10'000), 2, 2'000);
    source.apply("AAPL", p(12'000), 3, 3'000);
    const Batch batch = drained(source);
    write(batch);

    const auto stocks = AggregateQueries(m_path).stocks();
    ASSERT_EQ(stocks.size(), 2U);
    EXPECT_EQ(stocks[0].symbol, "AAPL");
    EXPECT_EQ(stocks[1].symbol, "MSFT");
    expectSameStats(stocks[0].stats, *findStats(batch, "AAPL"));
    expectSameStats(stocks[1].stats, *findStats(batch, "MSFT"));
}

TEST_F(AggregateStoreTest, StockReturnsTheSymbolsStatsWithPreviousClose) {
    CandleAggregator source;
    source.apply("AAPL", p(10'000), 1, 1'000);
    source.apply("AAPL", p(12'000), 1, kDay + 1'000);
    const Batch batch = drained(source);
    write(batch);

    const auto stock = AggregateQueries(m_path).stock("AAPL");
    ASSERT_TRUE(stock.has_value());
    EXPECT_EQ(stock->symbol, "AAPL");
    EXPECT_EQ(stock->stats.previousClose, p(10'000));
    expectSameStats(stock->stats, *findStats(batch, "AAPL"));
}

TEST_F(AggregateStoreTest, StockOfAnUnknownSymbolIsNothing) {
    CandleAggregator source;
    tickInMinutes(source, "AAPL", {1});
    write(drained(source));
    EXPECT_FALSE(AggregateQueries(m_path).stock("MSFT").has_value());
}

TEST_F(AggregateStoreTest, KnowsASymbolWithCandlesButNoStatsAndNotAnUnknownOne) {
    CandleAggregator source;
    tickInMinutes(source, "AAPL", {1, 2});
    write(drained(source));
    Batch forget; // AAPL keeps its minute-1 candles but loses its stats
    forget.forgotten = {{"AAPL", 2 * kMinute}};
    write(forget);

    AggregateQueries queries(m_path);
    ASSERT_FALSE(queries.stock("AAPL").has_value());
    EXPECT_TRUE(queries.knows("AAPL"));
    EXPECT_FALSE(queries.knows("MSFT"));
}

TEST_F(AggregateStoreTest, CandlesAreThoseOfTheIntervalOldestFirst) {
    CandleAggregator source;
    tickInMinutes(source, "AAPL", {3, 1, 2}); // out of order
    tickInMinutes(source, "MSFT", {4});
    const Batch batch = drained(source);
    write(batch);

    const auto candles = AggregateQueries(m_path).candles("AAPL", minutes());
    EXPECT_EQ(starts(candles), (std::vector<std::int64_t>{kMinute, 2 * kMinute, 3 * kMinute}));
    ASSERT_EQ(candles.size(), 3U);
    expectSameCandle(candles[1], *findCandle(batch, "AAPL", Interval::Minute1, 2 * kMinute));
    EXPECT_EQ(starts(AggregateQueries(m_path).candles("AAPL", {Interval::Second1, {}, {}, 500})),
              (std::vector<std::int64_t>{kMinute + 1'000, 2 * kMinute + 1'000, 3 * kMinute + 1'000}));
}

TEST_F(AggregateStoreTest, CandlesFromAndToAreInclusive) {
    CandleAggregator source;
    tickInMinutes(source, "AAPL", {1, 2, 3, 4, 5});
    write(drained(source));
    const auto candles = AggregateQueries(m_path).candles("AAPL", {Interval::Minute1, 2 * kMinute, 4 * kMinute, 500});
    EXPECT_EQ(starts(candles), (std::vector<std::int64_t>{2 * kMinute, 3 * kMinute, 4 * kMinute}));
}

TEST_F(AggregateStoreTest, CandlesLimitKeepsTheNewestOldestFirst) {
    CandleAggregator source;
    tickInMinutes(source, "AAPL", {1, 2, 3, 4, 5});
    write(drained(source));
    const auto candles = AggregateQueries(m_path).candles("AAPL", {Interval::Minute1, {}, {}, 2});
    EXPECT_EQ(starts(candles), (std::vector<std::int64_t>{4 * kMinute, 5 * kMinute}));
}

TEST_F(AggregateStoreTest, CandlesLimitKeepsTheNewestWithinTheRange) {
    CandleAggregator source;
    tickInMinutes(source, "AAPL", {1, 2, 3, 4, 5});
    write(drained(source));
    const auto candles = AggregateQueries(m_path).candles("AAPL", {Interval::Minute1, kMinute, 4 * kMinute, 2});
    EXPECT_EQ(starts(candles), (std::vector<std::int64_t>{3 * kMinute, 4 * kMinute}));
}

TEST_F(AggregateStoreTest, FinalFlagIsStored) {
    CandleAggregator source;
    tickInMinutes(source, "AAPL", {1, 2});
    source.advanceTime(2 * kMinute + 10'000); // minute 1 ended more than the 2 s lateness ago
    write(drained(source));
    const auto candles = AggregateQueries(m_path).candles("AAPL", minutes());
    ASSERT_EQ(candles.size(), 2U);
    EXPECT_TRUE(candles[0].final);
    EXPECT_FALSE(candles[1].final);
}

TEST_F(AggregateStoreTest, LaterCandleStateOverwritesTheStoredOne) {
    CandleAggregator source;
    tickInMinutes(source, "AAPL", {1});
    write(drained(source));
    source.apply("AAPL", p(50'000), 9, kMinute + 2'000);
    write(drained(source));
    const auto candles = AggregateQueries(m_path).candles("AAPL", minutes());
    ASSERT_EQ(candles.size(), 1U);
    EXPECT_EQ(candles[0].count, 2);
    EXPECT_EQ(candles[0].volume, 10);
    EXPECT_EQ(candles[0].high, p(50'000));
}

// One transaction per batch

TEST_F(AggregateStoreTest, OffsetsAndCandlesOfABatchAreVisibleTogether) {
    CandleAggregator source;
    tickInMinutes(source, "AAPL", {1});
    Batch batch = drained(source);
    batch.offsets = {TopicPartitionOffset{"stock-ingress", 0, 1}};
    kse::AggregateStore writer(m_path);
    writer.write(batch);

    // Other connections, as after a restart and from the HTTP API.
    const kse::AggregateStore::Offsets expected{{{"stock-ingress", 0}, 1}};
    EXPECT_EQ(kse::AggregateStore(m_path).offsets(), expected);
    EXPECT_EQ(AggregateQueries(m_path).candles("AAPL", minutes()).size(), 1U);
    EXPECT_TRUE(AggregateQueries(m_path).stock("AAPL").has_value());
}

TEST_F(AggregateStoreTest, FailedWriteLeavesNothingOfItsBatch) {
    CandleAggregator before;
    tickInMinutes(before, "AAPL", {1});
    Batch first = drained(before);
    first.offsets = {TopicPartitionOffset{"stock-ingress", 0, 10}};
    kse::AggregateStore store(m_path);
    store.write(first);

    CandleAggregator after;
    tickInMinutes(after, "MSFT", {1});
    Batch failing = drained(after);
    failing.forgotten = {{"AAPL", 0}};
    failing.offsets = {TopicPartitionOffset{"stock-ingress", 0, 20}};
    // A symbol view without data binds SQL NULL, which the NOT NULL key refuses: the write fails
    // after the forgetting and the MSFT candles have been executed inside the transaction.
    failing.stats.push_back({std::string_view(), SessionStats{}});
    EXPECT_THROW(store.write(failing), kse::StoreError);

    AggregateQueries queries(m_path);
    EXPECT_EQ(queries.candles("AAPL", minutes()).size(), 1U);
    EXPECT_TRUE(queries.stock("AAPL").has_value());
    EXPECT_FALSE(queries.knows("MSFT"));
    const kse::AggregateStore::Offsets expected{{{"stock-ingress", 0}, 10}};
    EXPECT_EQ(kse::AggregateStore(m_path).offsets(), expected);
}

TEST_F(AggregateStoreTest, StoreWritesAgainAfterAFailedWrite) {
    kse::AggregateStore store(m_path);
    Batch failing;
    failing.stats.push_back({std::string_view(), SessionStats{}});
    ASSERT_THROW(store.write(failing), kse::StoreError);

    Batch next;
    next.offsets = {TopicPartitionOffset{"trades", 0, 5}};
    store.write(next);
    const kse::AggregateStore::Offsets expected{{{"trades", 0}, 5}};
    EXPECT_EQ(kse::AggregateStore(m_path).offsets(), expected);
}

// The notional's text form

TEST(AggregateStoreInt128, RoundTripsAValueBeyond64Bits) {
    const Int128 value = (static_cast<Int128>(1) << 100) + 12'345; // 2^100 = 1267650600228229401496703205376
    EXPECT_EQ(kse::int128ToString(value), "1267650600228229401496703217721");
    EXPECT_TRUE(kse::int128FromString(kse::int128ToString(value)) == value);
}

TEST(AggregateStoreInt128, RoundTripsANegativeValueBeyond64Bits) {
    const Int128 value = -((static_cast<Int128>(1) << 100) + 12'345);
    EXPECT_EQ(kse::int128ToString(value), "-1267650600228229401496703217721");
    EXPECT_TRUE(kse::int128FromString(kse::int128ToString(value)) == value);
}

TEST(AggregateStoreInt128, RoundTripsZeroAndTheLargestValue) {
    const Int128 largest = (static_cast<Int128>(std::numeric_limits<std::int64_t>::max()) << 64) |
                           static_cast<Int128>(std::numeric_limits<std::uint64_t>::max()); // 2^127 - 1
    EXPECT_EQ(kse::int128ToString(0), "0");
    EXPECT_TRUE(kse::int128FromString("0") == 0);
    EXPECT_EQ(kse::int128ToString(largest), "170141183460469231731687303715884105727");
    EXPECT_TRUE(kse::int128FromString(kse::int128ToString(largest)) == largest);
}

TEST(AggregateStoreInt128, ReadsSmallNegativeValues) {
    EXPECT_EQ(kse::int128ToString(-7), "-7");
    EXPECT_TRUE(kse::int128FromString("-7") == -7);
}
