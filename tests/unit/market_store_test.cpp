#include <gtest/gtest.h>

#include "platform_api/market_store.h"
#include "support/scratch_dir.h"

using namespace kse;

namespace {

constexpr std::int64_t kDay = 86'400'000;
constexpr std::int64_t kHour = 3'600'000;
const std::int64_t kToday = 20'000 * kDay; // a UTC midnight: 1728000000000, 2024-10-04
// What the consumer passes as the reference (the message's timestamp): later than every candle here.
const std::int64_t kNow = kToday + kDay;

std::string message(const std::string& interval, std::int64_t start, const std::string& open, const std::string& high,
                    const std::string& low, const std::string& close, std::int64_t volume, bool final = false,
                    std::int64_t count = 3) {
    return R"({"symbol":"AAPL","interval":")" + interval + R"(","start":)" + std::to_string(start) + R"(,"open":)" +
           open + R"(,"high":)" + high + R"(,"low":)" + low + R"(,"close":)" + close + R"(,"volume":)" +
           std::to_string(volume) + R"(,"vwap":)" + close + R"(,"count":)" + std::to_string(count) + R"(,"final":)" +
           (final ? "true" : "false") + "}";
}

AggregateMessage decoded(const std::string& json) {
    auto m = decodeAggregateMessage(json, kNow);
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error());
    return m.value();
}

class MarketStoreTest : public testing::Test {
protected:
    void write(const std::vector<std::string>& messages, std::map<std::int32_t, std::int64_t> offsets = {}) {
        MarketStore::Batch batch;
        for (const auto& m : messages)
            batch.candles.push_back(decoded(m));
        batch.offsets = std::move(offsets);
        m_store.write(batch);
    }
    test::ScratchDir m_dir{"kse-market-store"};
    MarketStore m_store{m_dir.file("platform-market.db")};
    MarketQueries m_queries{m_dir.file("platform-market.db")};
};

} // namespace

TEST(AggregateMessage, DecodesTheAggregatorsFormatExactly) {
    const auto m =
        decoded(R"({"symbol":"AAPL","interval":"5m","start":1728000300000,"open":187.25,"high":187.5,"low":187.0001,)"
                R"("close":187.3,"volume":120,"vwap":187.2512,"count":4,"final":true})");
    EXPECT_EQ(m.symbol, "AAPL");
    EXPECT_EQ(m.interval, Interval::Minute5);
    EXPECT_EQ(m.candle.start, kToday + 300'000);
    EXPECT_EQ(m.candle.low.ticks(), 1'870'001);
    EXPECT_EQ(m.candle.vwap().ticks(), 1'872'512);
    EXPECT_EQ(m.candle.count, 4);
    EXPECT_TRUE(m.candle.final);
}

TEST(AggregateMessage, RefusesWhatIsNotACandle) {
    const std::string good = message("1m", kToday + 60'000, "1", "2", "1", "2", 10);
    EXPECT_TRUE(decodeAggregateMessage(good, kNow));
    for (
        const auto& [text, reason] : std::vector<std::pair<std::string, std::string>>{
            {"not json", "JSON"},
            {R"({"interval":"1m"})", "symbol"},
            {R"({"symbol":"a b","interval":"1m"})", "stock aggregate"},
            {R"({"symbol":"AAPL","interval":"2m","start":1728000000000})", "interval"},
            {R"({"symbol":"AAPL","interval":"1m","start":-5,"volume":1,"count":1})", "start"},
            {R"({"symbol":"AAPL","interval":"1m","start":1728000000000,"volume":1.5,"count":1})", "volume"},
            {R"({"symbol":"AAPL","interval":"1m","start":1728000000000,"volume":1,"count":1,"open":"1"})", "open"},
            {R"({"symbol":"AAPL","interval":"1m","start":1728000000000,"volume":1,"count":1,"open":1,"high":2,"low":1,"close":1e999,"vwap":1})",
             "close"},
        }) {
        const auto m = decodeAggregateMessage(text, kNow);
        ASSERT_FALSE(m) << text;
        EXPECT_NE(m.error().find(reason), std::string::npos) << text << ": " << m.error();
    }
}

// domain/limits.h: a candle dated ahead of its message would stay the newest and freeze the price.
TEST(AggregateMessage, RefusesCandlesOutsideTheBounds) {
    const auto refused = [](const std::string& text, const std::string& error) {
        const auto m = decodeAggregateMessage(text, kNow);
        ASSERT_FALSE(m) << text;
        EXPECT_EQ(m.error(), error) << text;
    };
    refused(message("1m", kNow + 120'000, "1", "1", "1", "1", 1),
            "stock aggregate: start is more than 60 s in the future");
    refused(message("1m", 60'000, "1", "1", "1", "1", 1),
            "stock aggregate: start must be milliseconds since the epoch, from 2000-01-01");
    refused(message("1m", kToday, "10000000.0001", "1", "1", "1", 1), "stock aggregate: open must be at most 10000000");
    refused(message("1m", kToday, "1", "1", "1", "10000000.0001", 1),
            "stock aggregate: close must be at most 10000000");
    // A minute ahead of the reference is a clock's disagreement; the largest price is a price.
    EXPECT_TRUE(decodeAggregateMessage(message("1m", kNow + 60'000, "1", "1", "1", "1", 1), kNow));
    EXPECT_TRUE(decodeAggregateMessage(message("1m", kToday, "10000000", "10000000", "1", "1", 1), kNow));
}

TEST_F(MarketStoreTest, KeepsTheNewestVersionOfEachCandleAndTheOffsets) {
    write({message("1m", kToday, "10", "11", "9", "10.5", 100),
           message("1m", kToday, "10", "12", "9", "11.5", 150, true)},
          {{0, 7}, {3, 2}});
    write({}, {{0, 9}});
    const auto candles = m_queries.candles("AAPL", {Interval::Minute1, {}, {}, 10});
    ASSERT_EQ(candles.size(), 1u);
    EXPECT_EQ(candles[0].high.ticks(), 120'000);
    EXPECT_EQ(candles[0].close.ticks(), 115'000);
    EXPECT_EQ(candles[0].volume, 150);
    EXPECT_TRUE(candles[0].final);
    EXPECT_EQ(m_store.offsets(), (std::map<std::int32_t, std::int64_t>{{0, 9}, {3, 2}}));
}

TEST_F(MarketStoreTest, AnOlderVersionOfACandleNeverReplacesAMoreCompleteOne) {
    const auto stored = [&] { return m_queries.candles("AAPL", {Interval::Minute1, {}, {}, 10}).at(0); };
    write({message("1m", kToday, "10", "12", "9", "11", 150, true, 5)});
    // A member that aggregated part of the minute before a handover, late: fewer prices.
    write({message("1m", kToday, "10", "11", "9", "10", 100, true, 3)});
    EXPECT_EQ(stored().count, 5);
    EXPECT_EQ(stored().volume, 150);
    // The same prices, not final yet (a replay catching up): the final stays.
    write({message("1m", kToday, "10", "12", "9", "11", 150, false, 5)});
    EXPECT_TRUE(stored().final);
    // A late price corrects the final: more prices win.
    write({message("1m", kToday, "10", "12", "8", "11", 170, true, 6)});
    EXPECT_EQ(stored().count, 6);
    EXPECT_EQ(stored().low.ticks(), 80'000);
}

TEST_F(MarketStoreTest, ASessionIsTheNewestUtcDayOfHourlyCandles) {
    write({message("1h", kToday - kHour, "90", "95", "88", "94", 500), // yesterday: its close is the base
           message("1h", kToday, "95", "99", "93", "97", 200),
           message("1h", kToday + 2 * kHour, "97", "98", "91", "96", 300),
           message("1s", kToday + 2 * kHour + 5'000, "96", "96", "96", "99.5", 1)}); // fresher than the hour
    const auto stock = m_queries.stock("AAPL");
    ASSERT_TRUE(stock);
    const SessionStats& s = stock->stats;
    EXPECT_EQ(s.open.ticks(), 950'000);
    EXPECT_EQ(s.high.ticks(), 995'000); // the 1-second close is above the hours' high
    EXPECT_EQ(s.low.ticks(), 910'000);
    EXPECT_EQ(s.last.ticks(), 995'000);
    EXPECT_EQ(s.volume, 500);
    EXPECT_EQ(s.count, 6);
    ASSERT_TRUE(s.previousClose);
    EXPECT_EQ(s.previousClose->ticks(), 940'000);
    EXPECT_EQ(s.changeTicks(), 55'000);
    EXPECT_EQ(s.lastTs, kToday + 2 * kHour + 5'000);
    EXPECT_EQ(m_queries.stocks().size(), 1u);
    EXPECT_FALSE(m_queries.stock("MSFT"));
    EXPECT_TRUE(m_queries.knows("AAPL"));
    EXPECT_FALSE(m_queries.knows("MSFT"));
}

TEST_F(MarketStoreTest, CandleQueriesTakeTheNewestOfARangeOldestFirst) {
    std::vector<std::string> minutes;
    for (int i = 0; i < 10; ++i)
        minutes.push_back(message("1m", kToday + i * 60'000, "1", "1", "1", std::to_string(i + 1), 1));
    write(minutes);
    const auto last3 = m_queries.candles("AAPL", {Interval::Minute1, {}, {}, 3});
    ASSERT_EQ(last3.size(), 3u);
    EXPECT_EQ(last3.front().start, kToday + 7 * 60'000);
    EXPECT_EQ(last3.back().start, kToday + 9 * 60'000);
    const auto range = m_queries.candles("AAPL", {Interval::Minute1, kToday + 60'000, kToday + 120'000, 100});
    EXPECT_EQ(range.size(), 2u);
    EXPECT_TRUE(m_queries.candles("AAPL", {Interval::Hour1, {}, {}, 10}).empty());
}

TEST_F(MarketStoreTest, ForgetsOldSecondsOnly) {
    write({message("1s", kToday, "1", "1", "1", "1", 1), message("1s", kToday + 1'000, "1", "1", "1", "1", 1),
           message("1m", kToday, "1", "1", "1", "1", 2)});
    m_store.forgetSecondsBefore(kToday + 1'000);
    EXPECT_EQ(m_queries.candles("AAPL", {Interval::Second1, {}, {}, 10}).size(), 1u);
    EXPECT_EQ(m_queries.candles("AAPL", {Interval::Minute1, {}, {}, 10}).size(), 1u);
}
