#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "contract/aggregate_message.h"
#include "contract/topics.h"
#include "domain/interval.h"
#include "http/http_error.h"
#include "kafka/key_partition.h"
#include "kafka/partition_ownership.h"
#include "stock_aggregator/aggregate_queries.h"
#include "stock_aggregator/aggregate_store.h"
#include "stock_aggregator/aggregator_worker.h"
#include "stock_aggregator/owned_stock_queries.h"
#include "support/scratch_dir.h"
#include "unit/eventually.h"
#include "unit/scripted_source.h"

using kse::AggregatorWorker;
using kse::Interval;
using namespace kse::test;

namespace {

const std::string& kIngress = kse::topics::kStockIngress;
const std::string& kTrades = kse::topics::kTrades;
// A minute well inside a UTC day, so that the session's replay covers it.
constexpr std::int64_t kMinute = kse::windowStart(1'700'000'000'000, Interval::Minute1);
constexpr std::int64_t kTickTs = kMinute + 1'000;
// Past the minute's end and the 2 s the aggregator waits for late ticks.
constexpr std::int64_t kAfterMinute = kMinute + 60'000 + 2'500;

// The first symbol "S<n>" that two partitions key to `partition`.
std::string symbolOn(std::int32_t partition) {
    for (int n = 0;; ++n) {
        std::string symbol = "S" + std::to_string(n);
        if (kse::keyPartition(symbol, 2) == partition)
            return symbol;
    }
}

std::string tick(const std::string& symbol) {
    return R"({"id":1,"name":")" + symbol + R"(","price":10.5,"volume":3,"ts":)" + std::to_string(kTickTs) + "}";
}

std::string trade(const std::string& symbol) {
    return R"({"trade_id":"t-)" + symbol + R"(","symbol":")" + symbol + R"(","price":10.75,"qty":2,"ts":)" +
           std::to_string(kTickTs + 10) + "}";
}

// Everything the worker puts on Kafka: candles on stock-aggregates and dead letters.
class RecordingSink final : public kse::MessageSink {
public:
    kse::ProduceStatus canAccept(std::size_t) const override { return kse::ProduceStatus::Queued; }
    kse::ProduceStatus produce(std::string_view topic, std::string_view, std::string_view value) override {
        const std::lock_guard lock(m_mutex);
        if (topic == kse::topics::kStockAggregates) {
            if (auto candle = kse::decodeAggregateMessage(value, kAfterMinute))
                m_candles.push_back(std::move(candle.value()));
        } else if (topic == kse::topics::kDeadLetters) {
            m_deadLetters.emplace_back(value);
        }
        return kse::ProduceStatus::Queued;
    }
    std::vector<kse::AggregateMessage> candles() const {
        const std::lock_guard lock(m_mutex);
        return m_candles;
    }
    std::vector<std::string> deadLetters() const {
        const std::lock_guard lock(m_mutex);
        return m_deadLetters;
    }
    bool hasFinalMinute(const std::string& symbol) const {
        for (const auto& c : candles())
            if (c.symbol == symbol && c.interval == Interval::Minute1 && c.candle.final)
                return true;
        return false;
    }
    int countFor(const std::string& symbol) const {
        int n = 0;
        for (const auto& c : candles())
            n += c.symbol == symbol ? 1 : 0;
        return n;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<kse::AggregateMessage> m_candles;
    std::vector<std::string> m_deadLetters;
};

// Two partitions of stock-ingress and trades: one tick and one trade of `p0` on partition 0 and
// of `p1` on partition 1, all in the same minute.
std::unique_ptr<ScriptedSource> market(const std::string& p0, const std::string& p1) {
    auto source = std::make_unique<ScriptedSource>();
    source->write(kIngress, 0, {tick(p0)});
    source->write(kIngress, 1, {tick(p1)});
    source->write(kTrades, 0, {trade(p0)});
    source->write(kTrades, 1, {trade(p1)});
    source->stampFrom(kTickTs);
    return source;
}

const std::vector<ScriptedSource::Key> kBoth = {{kIngress, 0}, {kIngress, 1}, {kTrades, 0}, {kTrades, 1}};
const std::vector<ScriptedSource::Key> kFirst = {{kIngress, 0}, {kTrades, 0}};

// One aggregator member over a scripted source and a Stocks DB that outlives it.
class Member {
public:
    Member(const std::string& database, std::unique_ptr<ScriptedSource> source)
        : m_source(*source), m_factory(std::move(source)), m_store(database) {
        AggregatorWorker::Options options;
        options.flushIntervalMs = 1;
        options.publishIntervalMs = 0;
        options.clock = [this] { return now.load(); };
        worker = std::make_unique<AggregatorWorker>(options, m_factory, m_store, sink, m_metrics, m_logger);
    }
    ~Member() { worker->stop(); }
    ScriptedSource& source() { return m_source; }

    std::atomic<std::int64_t> now{kMinute + 5'000};
    RecordingSink sink;
    std::unique_ptr<AggregatorWorker> worker;

private:
    ScriptedSource& m_source;
    ScriptedSourceFactory m_factory;
    kse::AggregateStore m_store;
    kse::MetricsRegistry m_metrics;
    kse::Logger m_logger{kse::LogLevel::Error};
};

} // namespace

TEST(AggregatorWorker, AMemberThatLostAPartitionPublishesNothingMoreForItsSymbols) {
    const kse::test::ScratchDir dir("aggregator-worker");
    const std::string mine = symbolOn(0);
    const std::string gone = symbolOn(1);
    Member member(dir.file("stocks.db"), market(mine, gone));
    auto& source = member.source();
    source.rebalanceTo(kBoth);
    source.deliver(4);
    source.idle(); // stored, forming candles published
    source.revokeAll();
    source.rebalanceTo(kFirst); // partition 1 went to another member
    source.idle();
    member.worker->start();
    ASSERT_TRUE(source.waitUntilPlayed());
    ASSERT_GT(member.sink.countFor(gone), 0); // it did publish while it owned the partition
    const int beforeClose = member.sink.countFor(gone);

    member.now = kAfterMinute; // the minute closes
    ASSERT_TRUE(eventually([&] { return member.sink.hasFinalMinute(mine); }));
    member.worker->stop();

    EXPECT_FALSE(member.sink.hasFinalMinute(gone));
    EXPECT_EQ(member.sink.countFor(gone), beforeClose);
}

TEST(AggregatorWorker, ARestartedMemberPublishesNothingFromItsDatabaseForPartitionsItIsNotGiven) {
    const kse::test::ScratchDir dir("aggregator-worker");
    const std::string mine = symbolOn(0);
    const std::string other = symbolOn(1);
    {
        Member before(dir.file("stocks.db"), market(mine, other));
        before.source().rebalanceTo(kBoth);
        before.source().deliver(4);
        before.source().idle();
        before.worker->start();
        ASSERT_TRUE(before.source().waitUntilPlayed());
    } // stopped with both symbols' minute open in its Stocks DB

    Member after(dir.file("stocks.db"), market(mine, other));
    after.source().rebalanceTo(kFirst);
    after.source().idle();
    after.now = kAfterMinute;
    after.worker->start();
    ASSERT_TRUE(after.source().waitUntilPlayed());
    ASSERT_TRUE(eventually([&] { return after.sink.hasFinalMinute(mine); }));
    after.worker->stop();

    // Its own symbol's minute, from its database: the tick and the trade.
    for (const auto& c : after.sink.candles())
        if (c.symbol == mine && c.interval == Interval::Minute1 && c.candle.final) {
            EXPECT_EQ(c.candle.count, 2);
            EXPECT_EQ(c.candle.volume, 5);
        }
    EXPECT_EQ(after.sink.countFor(other), 0);
}

TEST(AggregatorWorker, APriceOnAPartitionItsSymbolIsNotKeyedToIsADeadLetter) {
    const kse::test::ScratchDir dir("aggregator-worker");
    const std::string stray = symbolOn(1);
    auto scripted = std::make_unique<ScriptedSource>();
    scripted->write(kIngress, 0, {tick(stray)});
    scripted->write(kIngress, 1, {});
    scripted->write(kTrades, 0, {});
    scripted->write(kTrades, 1, {});
    scripted->stampFrom(kTickTs);
    Member member(dir.file("stocks.db"), std::move(scripted));
    member.source().rebalanceTo(kBoth);
    member.source().deliver(1);
    member.source().idle();
    member.worker->start();
    ASSERT_TRUE(member.source().waitUntilPlayed());
    ASSERT_TRUE(eventually([&] { return !member.sink.deadLetters().empty(); }));
    member.worker->stop();

    EXPECT_NE(member.sink.deadLetters().front().find("keyed to partition 1 of 2, not 0"), std::string::npos);
    EXPECT_EQ(member.sink.countFor(stray), 0);
}

// The HTTP API answers from the Stocks DB only for the symbols of the partitions owned now: the
// Stocks DB still holds what the member had of a partition it gave away.
TEST(AggregatorWorker, OnlyTheSymbolsOfOwnedPartitionsAreAnswered) {
    const kse::test::ScratchDir dir("aggregator-worker");
    const std::string mine = symbolOn(0);
    const std::string gone = symbolOn(1);
    Member member(dir.file("stocks.db"), market(mine, gone));
    auto& source = member.source();
    source.rebalanceTo(kBoth);
    source.deliver(4);
    source.idle();
    source.revokeAll();
    source.rebalanceTo(kFirst);
    source.idle();
    member.worker->start();
    ASSERT_TRUE(source.waitUntilPlayed());
    member.worker->stop(); // everything stored: both symbols are in the Stocks DB

    kse::AggregateQueries stored(dir.file("stocks.db"));
    ASSERT_TRUE(stored.knows(gone));
    kse::PartitionOwnership ownership;
    kse::OwnedStockQueries queries(stored, ownership);
    const auto misdirected = [&](const std::function<void()>& ask) {
        try {
            ask();
        } catch (const kse::HttpError& error) {
            return error.status() == QHttpServerResponse::StatusCode::MisdirectedRequest;
        }
        return false;
    };
    EXPECT_TRUE(misdirected([&] { queries.knows(mine); })) << "no partition count yet: nothing is owned";
    ownership.setPartitionCount(2);
    ownership.own(0);
    EXPECT_TRUE(queries.knows(mine));
    EXPECT_TRUE(queries.stock(mine));
    EXPECT_FALSE(queries.candles(mine, {}).empty());
    EXPECT_TRUE(misdirected([&] { queries.stock(gone); }));
    EXPECT_TRUE(misdirected([&] { queries.candles(gone, {}); }));
    ASSERT_EQ(queries.stocks().size(), 1u);
    EXPECT_EQ(queries.stocks().front().symbol, mine);
}

// The worker's ownership follows the group's assignment, and a stopped worker owns nothing.
TEST(AggregatorWorker, ItsOwnershipFollowsTheAssignment) {
    const kse::test::ScratchDir dir("aggregator-worker");
    const std::string mine = symbolOn(0);
    const std::string gone = symbolOn(1);
    Member member(dir.file("stocks.db"), market(mine, gone));
    auto& source = member.source();
    source.rebalanceTo(kBoth);
    source.idle();
    source.revokeAll();
    source.rebalanceTo(kFirst);
    source.idle();
    member.worker->start();
    ASSERT_TRUE(source.waitUntilPlayed());
    EXPECT_TRUE(member.worker->ownership().owner(mine).owned);
    EXPECT_FALSE(member.worker->ownership().owner(gone).owned);
    EXPECT_EQ(member.worker->ownership().owner(gone).partition, 1);
    member.worker->stop();
    EXPECT_FALSE(member.worker->ownership().owner(mine).owned);
}
