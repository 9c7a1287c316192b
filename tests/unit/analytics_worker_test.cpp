#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "contract/topics.h"
#include "kafka/key_partition.h"
#include "support/scratch_dir.h"
#include "unit/scripted_source.h"
#include "user_analytics/analytics_queries.h"
#include "user_analytics/analytics_store.h"
#include "user_analytics/analytics_worker.h"

using kse::AnalyticsWorker;
using namespace kse::test;

namespace {

const std::string& kActivity = kse::topics::kUserActivity;
const std::string& kEvents = kse::topics::kOrderEvents;
const std::string& kTrades = kse::topics::kTrades;
constexpr std::int64_t kTs = 1'700'000'000'000;

// The first name "<prefix><n>" that two partitions key to `partition`.
std::string keyedTo(const std::string& prefix, std::int32_t partition) {
    for (int n = 0;; ++n) {
        std::string name = prefix + std::to_string(n);
        if (kse::keyPartition(name, 2) == partition)
            return name;
    }
}

std::string login(const std::string& user, std::int64_t ts) {
    return R"({"user_id":")" + user + R"(","action":"login","ts":)" + std::to_string(ts) + "}";
}

std::string trade(const std::string& symbol, int n, const std::string& price, int qty, const std::string& buyer,
                  const std::string& seller) {
    return R"({"trade_id":")" + symbol + "-" + std::to_string(n) + R"(","symbol":")" + symbol + R"(","price":)" +
           price + R"(,"qty":)" + std::to_string(qty) + R"(,"buy_order_id":"b","sell_order_id":"s","buyer":")" + buyer +
           R"(","seller":")" + seller + R"(","ts":)" + std::to_string(kTs + n) + "}";
}

std::string filled(const std::string& user, int n) {
    return R"({"order_id":"o)" + std::to_string(n) + R"(","user_id":")" + user +
           R"(","symbol":"X","status":"filled","filled_qty":1,"remaining_qty":0,"ts":)" + std::to_string(kTs + n) + "}";
}

// Two partitions of each topic: users and symbols keyed to each. The trades of p1's symbol
// open a position in its first half and close it in its second, so realised P&L needs the
// position its part had when a member took the part back.
struct Market {
    std::string user0 = keyedTo("u", 0), user1 = keyedTo("u", 1);
    std::string symbol0 = keyedTo("S", 0), symbol1 = keyedTo("S", 1);

    std::unique_ptr<ScriptedSource> source() const {
        auto s = std::make_unique<ScriptedSource>();
        s->write(kActivity, 0, {login(user0, kTs), login(user0, kTs + 1)});
        s->write(kActivity, 1, {login(user1, kTs), login(user1, kTs + 2)});
        s->write(kEvents, 0, {filled(user0, 1), filled(user0, 2)});
        s->write(kEvents, 1, {filled(user1, 3), filled(user1, 4)});
        s->write(kTrades, 0, {trade(symbol0, 1, "10", 5, user0, user1), trade(symbol0, 2, "11", 5, user1, user0)});
        s->write(kTrades, 1,
                 {trade(symbol1, 1, "20", 4, user1, user0), trade(symbol1, 2, "20.5", 3, user0, user1),
                  trade(symbol1, 3, "21.25", 2, user0, user1), trade(symbol1, 4, "19", 2, user1, user0)});
        s->stampFrom(kTs);
        return s;
    }
};

std::vector<ScriptedSource::Key> partitions(std::int32_t partition) {
    return {{kActivity, partition}, {kEvents, partition}, {kTrades, partition}};
}

std::vector<ScriptedSource::Key> everything() {
    auto both = partitions(0);
    for (auto& key : partitions(1))
        both.push_back(key);
    return both;
}

// One analytics member over a scripted source and a database that outlives it.
class Member {
public:
    Member(const std::string& database, std::unique_ptr<ScriptedSource> source)
        : m_source(*source), m_factory(std::move(source)), m_store(database), m_queries(database) {
        AnalyticsWorker::Options options;
        options.maxBatch = 1; // every message is a batch of its own: handovers fall between them
        worker = std::make_unique<AnalyticsWorker>(options, m_factory, m_store, m_sink, m_metrics, m_logger);
    }
    ~Member() { worker->stop(); }
    ScriptedSource& source() { return m_source; }
    void play() {
        worker->start();
        ASSERT_TRUE(m_source.waitUntilPlayed());
    }
    std::string summary() { return m_queries.summary(kTs + 60'000); }
    std::optional<std::string> user(const std::string& name) { return m_queries.user(name); }

private:
    class NoSink final : public kse::MessageSink {
    public:
        kse::ProduceStatus canAccept(std::size_t) const override { return kse::ProduceStatus::Queued; }
        kse::ProduceStatus produce(std::string_view, std::string_view, std::string_view) override {
            return kse::ProduceStatus::Queued;
        }
    };
    ScriptedSource& m_source;
    ScriptedSourceFactory m_factory;
    kse::AnalyticsStore m_store;
    kse::AnalyticsQueries m_queries;
    NoSink m_sink;
    kse::MetricsRegistry m_metrics;
    kse::Logger m_logger{kse::LogLevel::Error};

public:
    std::unique_ptr<AnalyticsWorker> worker; // last: it goes first, while what it uses is there
};

} // namespace

// The handover that counted twice: a member takes a partition over (from its beginning, having
// never held it) and gives it back; its owner goes on from its own offsets. What both answer
// together is what one member that held everything throughout answers.
TEST(AnalyticsWorker, AfterAHandoverAndBackTheMembersTogetherAnswerAsOneMember) {
    const kse::test::ScratchDir dir("analytics-worker");
    const Market market;

    Member single(dir.file("single.db"), market.source());
    single.source().rebalanceTo(everything());
    single.source().deliver(16);
    single.source().idle();
    single.play();

    Member a(dir.file("a.db"), market.source());
    a.source().rebalanceTo(everything());
    a.source().deliver(5); // partition 0's events, then the first of partition 1's
    a.source().idle();
    a.source().rebalanceTo(partitions(0)); // partition 1 moves to b
    a.source().idle();
    a.source().rebalanceTo(everything()); // and comes back
    a.source().deliver(16);
    a.source().idle();
    a.play();

    Member b(dir.file("b.db"), market.source());
    b.source().rebalanceTo(partitions(1));
    b.source().deliver(6); // every event of partition 1, from its beginning
    b.source().idle();
    b.source().revokeAll(); // given back
    b.source().idle();
    b.play();

    const std::string whole = single.summary();
    EXPECT_NE(whole.find(R"("trades":6)"), std::string::npos) << whole;
    EXPECT_EQ(a.summary(), whole);
    EXPECT_NE(b.summary().find(R"("trades":0)"), std::string::npos) << b.summary();
    for (const std::string& user : {market.user0, market.user1}) {
        ASSERT_TRUE(single.user(user));
        EXPECT_EQ(a.user(user), single.user(user)); // realised P&L included
        EXPECT_FALSE(b.user(user));
    }
}

// While two members split the partitions, each answers for its own and their sums are the
// whole; a member that stops answers for nothing.
TEST(AnalyticsWorker, MembersSplittingThePartitionsAnswerEachForItsOwn) {
    const kse::test::ScratchDir dir("analytics-worker");
    const Market market;
    Member a(dir.file("a.db"), market.source());
    a.source().rebalanceTo(partitions(0));
    a.source().deliver(6);
    a.source().idle();
    a.play();
    Member b(dir.file("b.db"), market.source());
    b.source().rebalanceTo(partitions(1));
    b.source().deliver(8);
    b.source().idle();
    b.play();

    EXPECT_NE(a.summary().find(R"("trades":2,"volume":10)"), std::string::npos) << a.summary();
    EXPECT_NE(b.summary().find(R"("trades":4,"volume":11)"), std::string::npos) << b.summary();
    EXPECT_NE(a.summary().find(R"("users":1)"), std::string::npos) << a.summary();
    EXPECT_NE(b.summary().find(R"("users":1)"), std::string::npos) << b.summary();

    a.worker->stop();
    EXPECT_NE(a.summary().find(R"("trades":0)"), std::string::npos) << a.summary();
    EXPECT_FALSE(a.user(market.user0));
}
