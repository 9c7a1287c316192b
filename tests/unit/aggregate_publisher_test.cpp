#include <gtest/gtest.h>
#include <string>
#include <vector>

#include "contract/aggregate_message.h"
#include "stock_aggregator/aggregate_publisher.h"

using kse::AggregatePublisher;
using kse::Candle;
using kse::CandleAggregator;
using kse::Interval;
using kse::Price;

namespace {

class RecordingSink : public kse::MessageSink {
public:
    struct Message {
        std::string topic, key, value;
    };

    kse::ProduceStatus canAccept(std::size_t /*count*/) const override { return status; }
    kse::ProduceStatus produce(std::string_view topic, std::string_view key, std::string_view value) override {
        if (status == kse::ProduceStatus::Queued)
            messages.push_back({std::string(topic), std::string(key), std::string(value)});
        return status;
    }

    std::vector<Message> messages;
    kse::ProduceStatus status = kse::ProduceStatus::Queued;
};

constexpr std::int64_t kMinInterval = 250;

Price p(std::int64_t ticks) { return Price::fromTicks(ticks); }

// A 1m candle of the window starting at `start` that has seen `count` ticks of price 1.
Candle forming(std::int64_t start, int count) {
    Candle candle = Candle::first(start, p(10'000), 1, start);
    for (int i = 1; i < count; ++i)
        candle.add(p(10'000), 1, start + i);
    return candle;
}

Candle finalOf(Candle candle) {
    candle.final = true;
    return candle;
}

CandleAggregator::CandleChange change(std::string_view symbol, Interval interval, const Candle& candle) {
    return {symbol, interval, candle};
}

std::string encoded(std::string_view symbol, Interval interval, const Candle& candle) {
    return encodeAggregateMessage(symbol, interval, candle);
}

} // namespace

TEST(AggregatePublisher, EncodesTheContractJsonWithExactPrices) {
    Candle candle = Candle::first(60'000, p(10'000), 10, 60'000); // 1 × 10
    candle.add(p(20'000), 5, 60'100);                             // 2 × 5
    candle.add(p(5'000), 5, 60'200);                              // 0.5 × 5
    candle.add(p(15'000), 11, 60'300);                            // 1.5 × 11
    // Σ price·qty = 100000 + 100000 + 25000 + 165000 = 390000 ticks; / 31 = 12580.65 → 12581.
    EXPECT_EQ(encodeAggregateMessage("AAPL", Interval::Minute1, candle),
              R"({"symbol":"AAPL","interval":"1m","start":60000,"open":1,"high":2,"low":0.5,"close":1.5,)"
              R"("volume":31,"vwap":1.2581,"count":4,"final":false})");
}

TEST(AggregatePublisher, EncodesFinalAndIntervalName) {
    const Candle candle = finalOf(Candle::first(3'600'000, p(1), 0, 3'600'000));
    // No volume: the vwap is the close.
    EXPECT_EQ(encodeAggregateMessage("X.Y", Interval::Hour1, candle),
              R"({"symbol":"X.Y","interval":"1h","start":3600000,"open":0.0001,"high":0.0001,"low":0.0001,)"
              R"("close":0.0001,"volume":0,"vwap":0.0001,"count":1,"final":true})");
}

TEST(AggregatePublisher, SendsToStockAggregatesKeyedBySymbol) {
    RecordingSink sink;
    AggregatePublisher publisher(sink, kMinInterval);
    const Candle candle = forming(60'000, 1);
    publisher.offer(change("AAPL", Interval::Minute1, candle), 1'000);
    ASSERT_EQ(sink.messages.size(), 1U);
    EXPECT_EQ(sink.messages[0].topic, "stock-aggregates");
    EXPECT_EQ(sink.messages[0].key, "AAPL");
    EXPECT_EQ(sink.messages[0].value, encoded("AAPL", Interval::Minute1, candle));
    EXPECT_EQ(publisher.published(), 1U);
}

TEST(AggregatePublisher, FormingCandleWithinTheIntervalIsHeldBack) {
    RecordingSink sink;
    AggregatePublisher publisher(sink, kMinInterval);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 1)), 1'000);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 2)), 1'100);
    EXPECT_EQ(sink.messages.size(), 1U);
}

TEST(AggregatePublisher, HeldBackCandleIsNotSentBeforeTheIntervalHasPassed) {
    RecordingSink sink;
    AggregatePublisher publisher(sink, kMinInterval);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 1)), 1'000);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 2)), 1'100);
    publisher.publishDue(1'249);
    EXPECT_EQ(sink.messages.size(), 1U);
}

TEST(AggregatePublisher, HeldBackCandleIsSentByPublishDueOnceTheIntervalHasPassed) {
    RecordingSink sink;
    AggregatePublisher publisher(sink, kMinInterval);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 1)), 1'000);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 2)), 1'100);
    publisher.publishDue(1'250);
    ASSERT_EQ(sink.messages.size(), 2U);
    EXPECT_EQ(sink.messages[1].value, encoded("AAPL", Interval::Minute1, forming(60'000, 2)));
    publisher.publishDue(10'000); // sent once, not again
    EXPECT_EQ(sink.messages.size(), 2U);
}

TEST(AggregatePublisher, HeldBackSlotKeepsOnlyTheNewestState) {
    RecordingSink sink;
    AggregatePublisher publisher(sink, kMinInterval);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 1)), 1'000);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 2)), 1'100);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 3)), 1'200);
    publisher.publishDue(1'250);
    ASSERT_EQ(sink.messages.size(), 2U);
    EXPECT_EQ(sink.messages[1].value, encoded("AAPL", Interval::Minute1, forming(60'000, 3)));
}

TEST(AggregatePublisher, ThrottleRestartsFromTheLastSend) {
    RecordingSink sink;
    AggregatePublisher publisher(sink, kMinInterval);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 1)), 1'000);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 2)), 1'250); // due: sent at once
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 3)), 1'300); // within 250 of 1250
    EXPECT_EQ(sink.messages.size(), 2U);
    publisher.publishDue(1'499);
    EXPECT_EQ(sink.messages.size(), 2U);
    publisher.publishDue(1'500);
    EXPECT_EQ(sink.messages.size(), 3U);
}

TEST(AggregatePublisher, FinalCandleIsSentAtOnceRegardlessOfTheInterval) {
    RecordingSink sink;
    AggregatePublisher publisher(sink, kMinInterval);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 1)), 1'000);
    publisher.offer(change("AAPL", Interval::Minute1, finalOf(forming(60'000, 2))), 1'001);
    ASSERT_EQ(sink.messages.size(), 2U);
    EXPECT_EQ(sink.messages[1].value, encoded("AAPL", Interval::Minute1, finalOf(forming(60'000, 2))));
}

TEST(AggregatePublisher, FinalCandleReplacesTheHeldBackFormingState) {
    RecordingSink sink;
    AggregatePublisher publisher(sink, kMinInterval);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 1)), 1'000);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 2)), 1'100); // held
    publisher.offer(change("AAPL", Interval::Minute1, finalOf(forming(60'000, 2))), 1'150);
    publisher.publishDue(10'000);
    // The forming state must not follow its own final candle.
    ASSERT_EQ(sink.messages.size(), 2U);
    EXPECT_EQ(sink.messages[1].value, encoded("AAPL", Interval::Minute1, finalOf(forming(60'000, 2))));
}

TEST(AggregatePublisher, NewerWindowSendsTheHeldBackOlderWindowFirst) {
    RecordingSink sink;
    AggregatePublisher publisher(sink, kMinInterval);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 1)), 1'000);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 2)), 1'100);  // held
    publisher.offer(change("AAPL", Interval::Minute1, forming(120'000, 1)), 1'150); // next window
    ASSERT_EQ(sink.messages.size(), 2U);
    EXPECT_EQ(sink.messages[1].value, encoded("AAPL", Interval::Minute1, forming(60'000, 2)));
}

TEST(AggregatePublisher, NewerWindowIsItselfThrottledAfterFlushingTheOlderOne) {
    RecordingSink sink;
    AggregatePublisher publisher(sink, kMinInterval);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 1)), 1'000);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 2)), 1'100);
    publisher.offer(change("AAPL", Interval::Minute1, forming(120'000, 1)), 1'150);
    publisher.publishDue(1'399);
    EXPECT_EQ(sink.messages.size(), 2U);
    publisher.publishDue(1'400);
    ASSERT_EQ(sink.messages.size(), 3U);
    EXPECT_EQ(sink.messages[2].value, encoded("AAPL", Interval::Minute1, forming(120'000, 1)));
    publisher.publishDue(10'000); // each state exactly once
    EXPECT_EQ(sink.messages.size(), 3U);
}

TEST(AggregatePublisher, NewerFinalWindowSendsTheHeldBackOlderWindowFirst) {
    RecordingSink sink;
    AggregatePublisher publisher(sink, kMinInterval);
    publisher.offer(change("AAPL", Interval::Second1, forming(1'000, 1)), 1'000);
    publisher.offer(change("AAPL", Interval::Second1, forming(1'000, 2)), 1'100); // held
    publisher.offer(change("AAPL", Interval::Second1, finalOf(forming(2'000, 1))), 1'150);
    ASSERT_EQ(sink.messages.size(), 3U);
    EXPECT_EQ(sink.messages[1].value, encoded("AAPL", Interval::Second1, forming(1'000, 2)));
    EXPECT_EQ(sink.messages[2].value, encoded("AAPL", Interval::Second1, finalOf(forming(2'000, 1))));
}

TEST(AggregatePublisher, DifferentSymbolsDoNotThrottleEachOther) {
    RecordingSink sink;
    AggregatePublisher publisher(sink, kMinInterval);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 1)), 1'000);
    publisher.offer(change("MSFT", Interval::Minute1, forming(60'000, 1)), 1'001);
    ASSERT_EQ(sink.messages.size(), 2U);
    EXPECT_EQ(sink.messages[1].key, "MSFT");
}

TEST(AggregatePublisher, DifferentIntervalsDoNotThrottleEachOther) {
    RecordingSink sink;
    AggregatePublisher publisher(sink, kMinInterval);
    publisher.offer(change("AAPL", Interval::Minute1, forming(60'000, 1)), 1'000);
    publisher.offer(change("AAPL", Interval::Minute5, forming(0, 1)), 1'001);
    ASSERT_EQ(sink.messages.size(), 2U);
    EXPECT_EQ(sink.messages[1].value, encoded("AAPL", Interval::Minute5, forming(0, 1)));
}

TEST(AggregatePublisher, RefusedFinalCandleIsSentAgainOnceTheSinkTakesMessages) {
    RecordingSink sink;
    sink.status = kse::ProduceStatus::QueueFull;
    AggregatePublisher publisher(sink, kMinInterval);
    publisher.offer(change("AAPL", Interval::Minute1, finalOf(forming(60'000, 1))), 1'000);
    EXPECT_EQ(publisher.published(), 0U);
    publisher.publishDue(1'100);
    EXPECT_EQ(publisher.published(), 0U) << "not before its interval has passed";
    sink.status = kse::ProduceStatus::Queued;
    publisher.publishDue(1'000 + kMinInterval);
    EXPECT_EQ(publisher.published(), 1U);
    ASSERT_EQ(sink.messages.size(), 1U);
    EXPECT_NE(sink.messages[0].value.find(R"("start":60000)"), std::string::npos);
    EXPECT_NE(sink.messages[0].value.find(R"("final":true)"), std::string::npos);
    publisher.publishDue(10'000);
    EXPECT_EQ(sink.messages.size(), 1U) << "sent once";
}
