#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <limits>

#include "store/sqlite_database.h"
#include "support/scratch_dir.h"
#include "user_analytics/analytics_controller.h"
#include "user_analytics/analytics_model.h"
#include "user_analytics/analytics_queries.h"
#include "user_analytics/analytics_store.h"

using namespace kse;

namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kNow = 1'800'000'000'000 + 30'000; // half a minute into a minute

ActivityMessage activity(const std::string& user, const std::string& action, std::int64_t ts,
                         const std::string& symbol = {}) {
    return ActivityMessage{user, action, symbol, {}, ts};
}

TradeMessage trade(const std::string& id, std::int64_t price, std::int64_t qty, const std::string& buyer,
                   const std::string& seller, std::int64_t ts) {
    TradeMessage t;
    t.tradeId = id;
    t.symbol = "AAPL";
    t.price = Price::fromTicks(price);
    t.qty = qty;
    t.buyOrderId = "b";
    t.sellOrderId = "s";
    t.buyer = buyer;
    t.seller = seller;
    t.ts = ts;
    return t;
}

OrderEventMessage ended(const std::string& user, OrderStatus status, std::int64_t ts, std::string reason = {},
                        bool answersCancel = false) {
    OrderEventMessage e;
    e.orderId = "o";
    e.userId = user;
    e.symbol = "AAPL";
    e.status = status;
    e.reason = std::move(reason);
    e.answersCancel = answersCancel;
    e.ts = ts;
    return e;
}

QJsonObject parse(const std::string& json) { return QJsonDocument::fromJson(QByteArray::fromStdString(json)).object(); }

class UserAnalyticsTest : public testing::Test {
protected:
    UserAnalyticsTest() { m_store.own({m_part}, true); }
    void store(AnalyticsModel& model) { m_store.write(model.take(), {}); }
    AnalyticsModel model() {
        AnalyticsModel model;
        model.load(m_part, m_store.positions(m_part));
        return model;
    }
    test::ScratchDir m_dir{"kse-user-analytics"};
    AnalyticsStore m_store{m_dir.file("user-analytics.db")};
    AnalyticsQueries m_queries{m_dir.file("user-analytics.db")};
    const PartId m_part = m_store.part("trades", 0); // one part owns everything here
};

} // namespace

TEST(ActivityMessage, DecodesAndRefuses) {
    const auto a =
        decodeActivityMessage(R"({"user_id":"alice","action":"view_price","symbol":"AAPL","ts":1800000000005})", kNow);
    ASSERT_TRUE(a);
    EXPECT_EQ(a.value().user, "alice");
    EXPECT_EQ(a.value().symbol, "AAPL");
    EXPECT_EQ(a.value().ts, 1'800'000'000'005);
    EXPECT_FALSE(decodeActivityMessage("nope", kNow));
    EXPECT_FALSE(decodeActivityMessage(R"({"action":"login","ts":1800000000005})", kNow));
    EXPECT_FALSE(decodeActivityMessage(R"({"user_id":"a","ts":1800000000005})", kNow));
    EXPECT_FALSE(decodeActivityMessage(R"({"user_id":"a","action":"login"})", kNow));
    EXPECT_FALSE(decodeActivityMessage(R"({"user_id":"a","action":"login","ts":-1})", kNow));
}

// domain/limits.h: one event dated next year would stay the user's "last seen" for good.
TEST(ActivityMessage, RefusesTimesOutsideTheWindow) {
    const auto old = decodeActivityMessage(R"({"user_id":"a","action":"login","ts":5})", kNow);
    ASSERT_FALSE(old);
    EXPECT_EQ(old.error(), "user activity: ts must be milliseconds since the epoch, from 2000-01-01");
    const auto future =
        decodeActivityMessage(R"({"user_id":"a","action":"login","ts":)" + std::to_string(kNow + 60'001) + "}", kNow);
    ASSERT_FALSE(future);
    EXPECT_EQ(future.error(), "user activity: ts is more than 60 s in the future");
    EXPECT_TRUE(
        decodeActivityMessage(R"({"user_id":"a","action":"login","ts":)" + std::to_string(kNow + 60'000) + "}", kNow));
    EXPECT_TRUE(decodeActivityMessage(R"({"user_id":"a","action":"login","ts":946684800000})", kNow));
}

TEST_F(UserAnalyticsTest, ActiveUsersSlideExactlyAtTheirEdges) {
    auto m = model();
    m.apply(m_part, activity("in-1m", "login", kNow - kMinute + 1)); // 59.999 s ago: in the minute
    m.apply(m_part, activity("edge-1m", "login", kNow - kMinute));   // exactly a minute ago: out
    m.apply(m_part, activity("in-1h", "view_price", kNow - 3'600'000 + 1, "AAPL"));
    m.apply(m_part, activity("edge-1h", "login", kNow - 3'600'000));
    m.apply(m_part, activity("in-24h", "login", kNow - 86'400'000 + 1));
    m.apply(m_part, activity("old", "login", kNow - 86'400'000));
    m.apply(m_part, activity("old", "login", kNow - 90'000'000)); // an older event does not move last seen back
    store(m);
    const QJsonObject active = parse(m_queries.summary(kNow)).value(QLatin1String("active_users")).toObject();
    EXPECT_EQ(active.value(QLatin1String("1m")).toInt(), 1);
    EXPECT_EQ(active.value(QLatin1String("1h")).toInt(), 3);
    EXPECT_EQ(active.value(QLatin1String("24h")).toInt(), 5);
    // A millisecond later the edges have moved by one.
    const QJsonObject later = parse(m_queries.summary(kNow + 1)).value(QLatin1String("active_users")).toObject();
    EXPECT_EQ(later.value(QLatin1String("1m")).toInt(), 0);
    EXPECT_EQ(later.value(QLatin1String("1h")).toInt(), 2);
    EXPECT_EQ(later.value(QLatin1String("24h")).toInt(), 4);
}

TEST_F(UserAnalyticsTest, PerUserCountsAcrossBatchesAndRestarts) {
    {
        auto m = model();
        m.apply(m_part, activity("alice", "login", kNow));
        m.apply(m_part, activity("alice", "view_price", kNow, "AAPL"));
        m.apply(m_part, activity("alice", "view_price", kNow, "AAPL"));
        m.apply(m_part, activity("alice", "place_order", kNow, "AAPL"));
        m.apply(m_part, activity("alice", "place_order", kNow, "AAPL"));
        m.apply(m_part, activity("bob", "place_order", kNow, "AAPL"));
        m.apply(m_part, trade("AAPL-1", 1'000'000, 10, "alice", "bob", kNow)); // 100.00 × 10
        store(m);
    }
    {
        auto m = model(); // a restart: positions come back from the store
        m.apply(m_part, ended("alice", OrderStatus::Filled, kNow));
        m.apply(m_part, ended("alice", OrderStatus::Cancelled, kNow, {}, true)); // a granted cancel ends the order
        m.apply(m_part,
                ended("alice", OrderStatus::Rejected, kNow, "cancel of an unknown order", true)); // about a cancel
        m.apply(m_part, ended("alice", OrderStatus::Rejected, kNow, "duplicate order id"));       // a resent copy
        m.apply(m_part, activity("alice", "cancel_order", kNow + kMinute, "AAPL"));
        m.apply(m_part, trade("AAPL-2", 1'100'000, 4, "bob", "alice", kNow + kMinute)); // alice sells 4 at 110
        store(m);
    }
    const QJsonObject alice = parse(*m_queries.user("alice"));
    EXPECT_EQ(alice.value(QLatin1String("logins")).toInt(), 1);
    EXPECT_EQ(alice.value(QLatin1String("views")).toInt(), 2);
    EXPECT_EQ(alice.value(QLatin1String("last_seen")).toInteger(), kNow + kMinute);
    const QJsonObject orders = alice.value(QLatin1String("orders")).toObject();
    EXPECT_EQ(orders.value(QLatin1String("placed")).toInt(), 2);
    EXPECT_EQ(orders.value(QLatin1String("cancel_requests")).toInt(), 1);
    EXPECT_EQ(orders.value(QLatin1String("filled")).toInt(), 1);
    EXPECT_EQ(orders.value(QLatin1String("cancelled")).toInt(), 1);
    EXPECT_EQ(orders.value(QLatin1String("rejected")).toInt(), 0);
    EXPECT_EQ(alice.value(QLatin1String("fill_ratio")).toDouble(), 0.5);
    EXPECT_EQ(alice.value(QLatin1String("trades")).toInt(), 2);
    EXPECT_EQ(alice.value(QLatin1String("volume")).toInt(), 14);
    EXPECT_EQ(alice.value(QLatin1String("notional")).toDouble(), 1000.0 + 440.0);
    EXPECT_EQ(alice.value(QLatin1String("realized_pnl")).toDouble(), 40.0); // 4 × (110 − 100)
    const QJsonObject aapl = alice.value(QLatin1String("symbols")).toArray()[0].toObject();
    EXPECT_EQ(aapl.value(QLatin1String("position")).toInt(), 6);
    EXPECT_EQ(aapl.value(QLatin1String("buy_volume")).toInt(), 10);
    EXPECT_EQ(aapl.value(QLatin1String("sell_volume")).toInt(), 4);
    // bob sold 10 he had not bought here (a deposit): short 10 at 100, then bought 4 back at 110.
    const QJsonObject bob = parse(*m_queries.user("bob"));
    EXPECT_EQ(bob.value(QLatin1String("realized_pnl")).toDouble(), -40.0);
    EXPECT_FALSE(m_queries.user("carol"));

    const QJsonObject summary = parse(m_queries.summary(kNow + kMinute));
    const QJsonObject totals = summary.value(QLatin1String("totals")).toObject();
    EXPECT_EQ(totals.value(QLatin1String("trades")).toInt(), 2); // each trade once, not per side
    EXPECT_EQ(totals.value(QLatin1String("volume")).toInt(), 14);
    EXPECT_EQ(totals.value(QLatin1String("notional")).toDouble(), 1440.0);
    EXPECT_EQ(totals.value(QLatin1String("orders")).toObject().value(QLatin1String("placed")).toInt(), 3);
    const QJsonArray traded = summary.value(QLatin1String("top_traded")).toArray();
    ASSERT_EQ(traded.size(), 1);
    EXPECT_EQ(traded[0].toObject().value(QLatin1String("symbol")).toString(), QStringLiteral("AAPL"));
    EXPECT_EQ(summary.value(QLatin1String("top_viewed")).toArray()[0].toObject().value(QLatin1String("views")).toInt(),
              2);
}

TEST_F(UserAnalyticsTest, SeriesArePerMinuteWithZerosBetween) {
    const std::int64_t minute = kNow - kNow % kMinute;
    auto m = model();
    m.apply(m_part, activity("a", "login", minute));
    m.apply(m_part, activity("b", "login", minute + kMinute - 1));
    m.apply(m_part, activity("a", "login", minute + 2 * kMinute));
    m.apply(m_part, trade("AAPL-1", 12'345, 2, "a", "b", minute + 2 * kMinute));
    store(m);
    const auto points = [&](const std::string& metric) {
        return QJsonDocument::fromJson(
                   QByteArray::fromStdString(*m_queries.series(metric, minute + 5, minute + 2 * kMinute + 5)))
            .array();
    };
    const QJsonArray logins = points("logins");
    ASSERT_EQ(logins.size(), 3);
    EXPECT_EQ(logins[0].toObject().value(QLatin1String("minute")).toInteger(), minute);
    EXPECT_EQ(logins[0].toObject().value(QLatin1String("value")).toInt(), 2);
    EXPECT_EQ(logins[1].toObject().value(QLatin1String("value")).toInt(), 0);
    EXPECT_EQ(logins[2].toObject().value(QLatin1String("value")).toInt(), 1);
    EXPECT_EQ(points("active_users")[0].toObject().value(QLatin1String("value")).toInt(), 2);
    EXPECT_EQ(points("notional")[2].toObject().value(QLatin1String("value")).toDouble(), 2.469);
    EXPECT_FALSE(m_queries.series("bogus", minute, minute));
}

// Counters saturate (statistics, not balances); their sums over parts do too, where SQLite's
// SUM would fail the whole answer.
TEST_F(UserAnalyticsTest, SumsOverPartsSaturate) {
    const PartId other = m_store.part("trades", 1);
    m_store.own({other}, true);
    const std::int64_t max = std::numeric_limits<std::int64_t>::max();
    for (const PartId part : {m_part, other}) {
        AnalyticsModel m;
        for (int i = 0; i < 5; ++i) // 10,000,000.00 × 10,000,000 each: 5e18 ticks a part, 1e19 together
            m.apply(part, trade("AAPL-" + std::to_string(i), 100'000'000'000, 10'000'000, "a", "b", kNow));
        store(m);
    }
    const std::string summary = m_queries.summary(kNow);
    EXPECT_NE(summary.find(R"("notional":)" + Price::signedString(max)), std::string::npos) << summary;
    EXPECT_NE(summary.find(R"("trades":10)"), std::string::npos) << summary;
}

// The earlier layout kept counters without their partition: they cannot be split between
// members, so such a database is counted again from the topics.
TEST(AnalyticsStore, ADatabaseOfTheEarlierLayoutIsCountedAgain) {
    const test::ScratchDir dir("kse-user-analytics");
    {
        SqliteDatabase old(dir.file("user-analytics.db"));
        old.exec("CREATE TABLE users (user_id TEXT PRIMARY KEY, last_seen INTEGER NOT NULL);"
                 "INSERT INTO users VALUES ('alice', 5);"
                 "CREATE TABLE offsets (topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL,"
                 " PRIMARY KEY (topic, partition));"
                 "INSERT INTO offsets VALUES ('trades', 0, 42);");
    }
    AnalyticsStore store(dir.file("user-analytics.db"));
    EXPECT_TRUE(store.offsets().empty());
    AnalyticsQueries queries(dir.file("user-analytics.db"));
    EXPECT_FALSE(queries.user("alice"));
    store.own({store.part("trades", 0)}, true);
    EXPECT_NE(queries.summary(kNow).find(R"("users":0)"), std::string::npos);
}

// A summary's `top` is bounded: out of range or not a number is a 400 that names the bounds.
TEST_F(UserAnalyticsTest, ASummaryTopOutsideItsBoundsIsRefused) {
    auto m = model();
    for (const char* symbol : {"AAPL", "MSFT", "TSLA"})
        m.apply(m_part, activity("alice", "view_price", kNow, symbol));
    store(m);
    AnalyticsController controller(m_queries, [] { return kNow; });
    for (const char* top : {"0", "-1", "10001", "abc", "1e3", "99999999999999999999"}) {
        const auto reply = controller.answer(QStringLiteral("/api/v1/analytics/summary?top=") + QLatin1String(top));
        EXPECT_EQ(reply.status, 400) << top;
        EXPECT_EQ(parse(reply.body.toStdString()).value(QLatin1String("error")).toString(),
                  QStringLiteral("top must be an integer from 1 to 10000"))
            << top;
    }
    const auto two = controller.answer(QStringLiteral("/api/v1/analytics/summary?top=2"));
    ASSERT_EQ(two.status, 200);
    EXPECT_EQ(parse(two.body.toStdString()).value(QLatin1String("top_viewed")).toArray().size(), 2);
    EXPECT_EQ(parse(controller.answer(QStringLiteral("/api/v1/analytics/summary")).body.toStdString())
                  .value(QLatin1String("top_viewed"))
                  .toArray()
                  .size(),
              3);
}
