#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "platform_api/analytics_merge.h"
#include "support/scratch_dir.h"
#include "user_analytics/analytics_model.h"
#include "user_analytics/analytics_queries.h"
#include "user_analytics/analytics_store.h"

using namespace kse;

namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kNow = 1'800'000'000'000 + 30'000;

// The merged text, or the reason it was refused, so that a failure shows which.
std::string text(const Result<std::string>& merged) { return merged ? merged.value() : "refused: " + merged.error(); }

std::string refusal(const Result<std::string>& merged) {
    return merged ? "accepted: " + merged.value() : merged.error();
}

// A summary whose counts are all 0 but for the top lists and the total notional.
std::string summary(const std::string& viewed, const std::string& traded, const std::string& notional = "0") {
    const std::string counts = R"({"logins":0,"views":0,"orders":{"placed":0,"cancel_requests":0,"filled":0,)"
                               R"("cancelled":0,"rejected":0},"trades":0,"volume":0,"notional":)" +
                               notional + "}";
    return R"({"at":1800000000000,"active_users":{"1m":0,"1h":0,"24h":0},"users":0,"totals":)" + counts +
           R"(,"last_hour":)" + counts + R"(,"top_viewed":[)" + viewed + R"(],"top_traded":[)" + traded + "]}";
}

// A user's answer with one symbol, of which the test chooses the money, the position and the
// number of trades (and shares bought).
std::string user(const std::string& notional, const std::string& realized, const std::string& position,
                 const std::string& trades = "1") {
    return R"({"user_id":"alice","logins":0,"views":0,"orders":{"placed":0,"cancel_requests":0,"filled":0,)"
           R"("cancelled":0,"rejected":0},"fill_ratio":0.0000,"trades":)" +
           trades + R"(,"volume":)" + trades + R"(,"notional":)" + notional + R"(,"realized_pnl":)" + realized +
           R"(,"symbols":[{"symbol":"AAPL","views":0,"trades":)" + trades + R"(,"buy_volume":)" + trades +
           R"(,"sell_volume":0,"notional":)" + notional + R"(,"realized_pnl":)" + realized + R"(,"position":)" +
           position + "}]}";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

const std::string kSummaryA =
    R"({"at":1800000060000,"active_users":{"1m":1,"1h":2,"24h":3},"users":4,)"
    R"("totals":{"logins":5,"views":9,"orders":{"placed":6,"cancel_requests":1,"filled":4,"cancelled":1,"rejected":1},)"
    R"("trades":3,"volume":30,"notional":3000.5},)"
    R"("last_hour":{"logins":1,"views":2,"orders":{"placed":1,"cancel_requests":0,"filled":1,"cancelled":0,)"
    R"("rejected":0},"trades":1,"volume":10,"notional":1000.25},)"
    R"("top_viewed":[{"symbol":"AAPL","views":5},{"symbol":"MSFT","views":4}],)"
    R"("top_traded":[{"symbol":"AAPL","notional":2000.5,"volume":20,"trades":2},)"
    R"({"symbol":"MSFT","notional":1000,"volume":10,"trades":1}]})";
const std::string kSummaryB =
    R"({"at":1800000000000,"active_users":{"1m":0,"1h":1,"24h":5},"users":7,)"
    R"("totals":{"logins":8,"views":11,"orders":{"placed":2,"cancel_requests":3,"filled":1,"cancelled":1,"rejected":0},)"
    R"("trades":4,"volume":25,"notional":2700.1234},)"
    R"("last_hour":{"logins":0,"views":1,"orders":{"placed":0,"cancel_requests":0,"filled":0,"cancelled":0,)"
    R"("rejected":0},"trades":0,"volume":0,"notional":0},)"
    R"("top_viewed":[{"symbol":"TSLA","views":6},{"symbol":"MSFT","views":4},{"symbol":"IBM","views":1}],)"
    R"("top_traded":[{"symbol":"TSLA","notional":1500,"volume":15,"trades":3},)"
    R"({"symbol":"MSFT","notional":1200,"volume":10,"trades":1}]})";

} // namespace

TEST(AnalyticsMerge, SummariesSumEveryCountAndRankTheTopListsAgain) {
    // MSFT is second on both instances and first overall, in views and in notional; IBM is cut.
    const std::string expected =
        R"({"at":1800000060000,"active_users":{"1m":1,"1h":3,"24h":8},"users":11,)"
        R"("totals":{"logins":13,"views":20,"orders":{"placed":8,"cancel_requests":4,"filled":5,"cancelled":2,)"
        R"("rejected":1},"trades":7,"volume":55,"notional":5700.6234},)"
        R"("last_hour":{"logins":1,"views":3,"orders":{"placed":1,"cancel_requests":0,"filled":1,"cancelled":0,)"
        R"("rejected":0},"trades":1,"volume":10,"notional":1000.25},)"
        R"("top_viewed":[{"symbol":"MSFT","views":8},{"symbol":"TSLA","views":6},{"symbol":"AAPL","views":5}],)"
        R"("top_traded":[{"symbol":"MSFT","notional":2200,"volume":20,"trades":2},)"
        R"({"symbol":"AAPL","notional":2000.5,"volume":20,"trades":2},)"
        R"({"symbol":"TSLA","notional":1500,"volume":15,"trades":3}]})";
    EXPECT_EQ(text(AnalyticsMerge::summaries({kSummaryA, kSummaryB}, 3)), expected);
    EXPECT_EQ(text(AnalyticsMerge::summaries({kSummaryB, kSummaryA}, 3)), expected); // in any order
    // Ten by default: IBM is listed too, last.
    EXPECT_EQ(text(AnalyticsMerge::summaries({kSummaryA, kSummaryB})),
              replaced(expected, R"({"symbol":"AAPL","views":5}])",
                       R"({"symbol":"AAPL","views":5},{"symbol":"IBM","views":1}])"));
}

TEST(AnalyticsMerge, TopListsBreakTiesBySymbolAndAreCutToTop) {
    const std::string a = summary(R"({"symbol":"ZZZ","views":3},{"symbol":"BBB","views":1})",
                                  R"({"symbol":"ZZZ","notional":7,"volume":1,"trades":1})");
    const std::string b = summary(R"({"symbol":"AAA","views":3},{"symbol":"BBB","views":2})",
                                  R"({"symbol":"AAA","notional":7,"volume":1,"trades":1})");
    EXPECT_EQ(text(AnalyticsMerge::summaries({a, b})),
              summary(R"({"symbol":"AAA","views":3},{"symbol":"BBB","views":3},{"symbol":"ZZZ","views":3})",
                      R"({"symbol":"AAA","notional":7,"volume":1,"trades":1},)"
                      R"({"symbol":"ZZZ","notional":7,"volume":1,"trades":1})"));
    EXPECT_EQ(text(AnalyticsMerge::summaries({a, b}, 1)),
              summary(R"({"symbol":"AAA","views":3})", R"({"symbol":"AAA","notional":7,"volume":1,"trades":1})"));
    EXPECT_EQ(text(AnalyticsMerge::summaries({a, b}, 0)), summary("", ""));
    // A symbol with nothing to count is not listed, as an instance would not list it.
    EXPECT_EQ(text(AnalyticsMerge::summaries({summary(R"({"symbol":"NIL","views":0})",
                                                      R"({"symbol":"NIL","notional":0,"volume":0,"trades":0})")})),
              summary("", ""));
}

TEST(AnalyticsMerge, MoneyIsSummedExactlyFarBeyondWhatADoubleHolds) {
    // 922,337,203,685,477,582 ticks: a double has no such number, and would not add 0.0002 to it.
    EXPECT_EQ(text(AnalyticsMerge::summaries({summary("", "", "92233720368547.758"), summary("", "", "0.0002")})),
              summary("", "", "92233720368547.7582"));
    EXPECT_EQ(text(AnalyticsMerge::users(
                  {user("92233720368547.758", "-92233720368547.758", "7"), user("0.0001", "-0.0001", "-9")})),
              user("92233720368547.7581", "-92233720368547.7581", "-2", "2"));
    EXPECT_EQ(text(AnalyticsMerge::users({user("12.5", "-12.5", "0"), user("3", "3", "0")})),
              user("15.5", "-9.5", "0", "2"));
    // JSON's other spellings of the same amounts are read too, and written back as instances write.
    EXPECT_EQ(text(AnalyticsMerge::users({user("1.5e2", "-1E-4", "0"), user("0.50000", "-0.0", "0")})),
              user("150.5", "-0.0001", "0", "2"));
}

TEST(AnalyticsMerge, SumsStopAtTheEndsOf64Bits) {
    EXPECT_EQ(text(AnalyticsMerge::users({user("922337203685477.5807", "-922337203685477.5808", "9223372036854775807"),
                                          user("1", "-1", "1")})),
              user("922337203685477.5807", "-922337203685477.5808", "9223372036854775807", "2"));
    EXPECT_EQ(text(AnalyticsMerge::users({user("0", "0", "-9223372036854775808"), user("0", "0", "-1")})),
              user("0", "0", "-9223372036854775808", "2"));
    const std::string most = "9223372036854775807";
    EXPECT_EQ(text(AnalyticsMerge::users({user("1", "1", "1", most), user("1", "1", "1", "5")})),
              user("2", "2", "2", most));
}

TEST(AnalyticsMerge, UsersAreSummedWithTheFillRatioComputedAgain) {
    // Where the user's trades are counted (the symbols' instances): no activity, so no last_seen.
    const std::string trades =
        R"({"user_id":"alice","logins":0,"views":0,"orders":{"placed":0,"cancel_requests":0,"filled":0,)"
        R"("cancelled":0,"rejected":0},"fill_ratio":0.0000,"trades":3,"volume":19,"notional":1440.5,)"
        R"("realized_pnl":37.75,"symbols":[{"symbol":"AAPL","views":0,"trades":2,"buy_volume":10,"sell_volume":4,)"
        R"("notional":1440,"realized_pnl":40,"position":6},{"symbol":"TSLA","views":0,"trades":1,"buy_volume":0,)"
        R"("sell_volume":5,"notional":0.5,"realized_pnl":-2.25,"position":-5}]})";
    // Where the user's activity is counted now, and where it was before a handover.
    const std::string activity =
        R"({"user_id":"alice","logins":2,"last_seen":1800000030000,"views":4,"orders":{"placed":3,)"
        R"("cancel_requests":1,"filled":2,"cancelled":1,"rejected":0},"fill_ratio":0.6667,"trades":0,"volume":0,)"
        R"("notional":0,"realized_pnl":0,"symbols":[{"symbol":"AAPL","views":3,"trades":0,"buy_volume":0,)"
        R"("sell_volume":0,"notional":0,"realized_pnl":0,"position":0},{"symbol":"MSFT","views":1,"trades":0,)"
        R"("buy_volume":0,"sell_volume":0,"notional":0,"realized_pnl":0,"position":0}]})";
    const std::string before =
        R"({"user_id":"alice","logins":1,"last_seen":1800000000000,"views":2,"orders":{"placed":4,)"
        R"("cancel_requests":0,"filled":0,"cancelled":0,"rejected":1},"fill_ratio":0.0000,"trades":1,"volume":2,)"
        R"("notional":0.2,"realized_pnl":0,"symbols":[{"symbol":"TSLA","views":2,"trades":1,"buy_volume":2,)"
        R"("sell_volume":0,"notional":0.2,"realized_pnl":0,"position":2}]})";
    const std::string expected =
        R"({"user_id":"alice","logins":3,"last_seen":1800000030000,"views":6,"orders":{"placed":7,)"
        R"("cancel_requests":1,"filled":2,"cancelled":1,"rejected":1},"fill_ratio":0.2857,"trades":4,"volume":21,)"
        R"("notional":1440.7,"realized_pnl":37.75,"symbols":[{"symbol":"AAPL","views":3,"trades":2,"buy_volume":10,)"
        R"("sell_volume":4,"notional":1440,"realized_pnl":40,"position":6},{"symbol":"MSFT","views":1,"trades":0,)"
        R"("buy_volume":0,"sell_volume":0,"notional":0,"realized_pnl":0,"position":0},{"symbol":"TSLA","views":2,)"
        R"("trades":2,"buy_volume":2,"sell_volume":5,"notional":0.7,"realized_pnl":-2.25,"position":-3}]})";
    EXPECT_EQ(text(AnalyticsMerge::users({trades, activity, before})), expected);
    EXPECT_EQ(text(AnalyticsMerge::users({before, trades, activity})), expected);
    // last_seen is the latest of those that have one, and absent when none has.
    EXPECT_NE(text(AnalyticsMerge::users({trades, before})).find(R"("last_seen":1800000000000,)"), std::string::npos);
    EXPECT_EQ(text(AnalyticsMerge::users({trades, trades})).find("last_seen"), std::string::npos);
    // 2 of 3 placed: the instances' "%.4f" of the ratio, not the answers' ratios summed.
    EXPECT_NE(text(AnalyticsMerge::users({activity, trades})).find(R"("fill_ratio":0.6667,)"), std::string::npos);
}

TEST(AnalyticsMerge, SeriesAreTheUnionOfTheMinutesWithValuesSummed) {
    const std::string a = R"([{"minute":1800000000000,"value":2},{"minute":1800000060000,"value":0}])";
    const std::string b = R"([{"minute":1800000060000,"value":3},{"minute":1800000120000,"value":1}])";
    EXPECT_EQ(text(AnalyticsMerge::series({b, a}, AnalyticsMerge::Values::Counts)),
              R"([{"minute":1800000000000,"value":2},{"minute":1800000060000,"value":3},)"
              R"({"minute":1800000120000,"value":1}])");
    const std::string c = R"([{"minute":60000,"value":0.0001},{"minute":120000,"value":2.5}])";
    const std::string d = R"([{"minute":120000,"value":0.5},{"minute":180000,"value":92233720368547.758}])";
    EXPECT_EQ(text(AnalyticsMerge::series({c, d}, AnalyticsMerge::Values::Money)),
              R"([{"minute":60000,"value":0.0001},{"minute":120000,"value":3},)"
              R"({"minute":180000,"value":92233720368547.758}])");
    EXPECT_EQ(refusal(AnalyticsMerge::series({c}, AnalyticsMerge::Values::Counts)),
              "answer 1: [0].value: must be a whole number >= 0");
    EXPECT_EQ(text(AnalyticsMerge::series({"[]", " [ ] "}, AnalyticsMerge::Values::Counts)), "[]");
}

namespace {

// One user analytics instance: its database, and the events of the partitions it owns.
class Instance {
public:
    explicit Instance(const std::string& name) : m_dir("kse-analytics-merge-" + name) { m_store.own({m_part}, true); }
    template <class Message> void apply(const Message& message) { m_model.apply(m_part, message); }
    AnalyticsQueries& queries() {
        m_store.write(m_model.take(), {});
        return m_queries;
    }

private:
    test::ScratchDir m_dir;
    AnalyticsStore m_store{m_dir.file("user-analytics.db")};
    const PartId m_part = m_store.part("trades", 0); // what it owns, as one part
    AnalyticsModel m_model;
    AnalyticsQueries m_queries{m_dir.file("user-analytics.db")};
};

// One instance that owns every partition, and two that share them as the topics' keys split
// them (docs/operations.md): activity and order events by user, trades by symbol.
struct Deployment {
    void activity(const std::string& user, const std::string& action, std::int64_t ts, const std::string& symbol = {}) {
        const ActivityMessage m{user, action, symbol, {}, ts};
        one.apply(m);
        owner(user).apply(m);
    }
    void ended(const std::string& user, OrderStatus status, std::int64_t ts) {
        OrderEventMessage e;
        e.orderId = "o";
        e.userId = user;
        e.symbol = "AAPL";
        e.status = status;
        e.ts = ts;
        one.apply(e);
        owner(user).apply(e);
    }
    void trade(const std::string& symbol, std::int64_t price, std::int64_t qty, const std::string& buyer,
               const std::string& seller, std::int64_t ts) {
        TradeMessage t;
        t.tradeId = symbol + "-" + std::to_string(++m_trades);
        t.symbol = symbol;
        t.price = Price::fromTicks(price);
        t.qty = qty;
        t.buyer = buyer;
        t.seller = seller;
        t.ts = ts;
        one.apply(t);
        owner(symbol).apply(t);
    }

    Instance one{"one"}, a{"a"}, b{"b"};

private:
    Instance& owner(const std::string& key) { return key == "alice" || key == "AAPL" ? a : b; }
    int m_trades = 0;
};

} // namespace

TEST(AnalyticsMerge, TwoInstancesMergeIntoWhatOneOwningEverythingAnswers) {
    Deployment d;
    d.activity("alice", "login", kNow - 2 * kMinute);
    for (int i = 0; i < 3; ++i)
        d.activity("alice", "view_price", kNow - 90'000, "AAPL");
    d.activity("alice", "view_price", kNow - 90'000, "MSFT");
    d.activity("alice", "place_order", kNow - kMinute, "AAPL");
    d.activity("alice", "place_order", kNow - kMinute, "MSFT");
    d.activity("alice", "cancel_order", kNow - 1'000, "MSFT");
    d.ended("alice", OrderStatus::Filled, kNow - kMinute);
    d.ended("alice", OrderStatus::Cancelled, kNow - 1'000);
    d.activity("bob", "login", kNow - 30 * kMinute);
    d.activity("bob", "view_price", kNow - 29 * kMinute, "MSFT");
    d.activity("bob", "view_price", kNow - 29 * kMinute, "MSFT");
    d.activity("bob", "view_price", kNow - 28 * kMinute, "AAPL");
    d.activity("bob", "view_price", kNow - 28 * kMinute, "AAPL");
    d.activity("bob", "place_order", kNow - 28 * kMinute, "MSFT");
    d.activity("bob", "place_order", kNow - 28 * kMinute, "AAPL");
    d.ended("bob", OrderStatus::Filled, kNow - 27 * kMinute);
    d.ended("bob", OrderStatus::Rejected, kNow - 27 * kMinute);
    d.activity("carol", "login", kNow - 120 * kMinute);
    d.activity("carol", "view_price", kNow - 119 * kMinute, "TSLA");
    // Each trade is counted where its symbol is, for users whose activity is counted elsewhere.
    d.trade("AAPL", 1'000'000, 10, "alice", "bob", kNow - 27 * kMinute);  // 100 × 10
    d.trade("AAPL", 1'100'000, 4, "carol", "alice", kNow - kMinute);      // alice sells 4 at 110
    d.trade("MSFT", 2'505'000, 5, "bob", "alice", kNow - 26 * kMinute);   // alice is short 5 at 250.5
    d.trade("MSFT", 2'512'500, 3, "alice", "carol", kNow - 20 * kMinute); // and buys 3 back at 251.25

    const auto merged = [&](const std::vector<std::string>& answers) { return text(AnalyticsMerge::users(answers)); };
    for (const std::string name : {"alice", "bob", "carol"}) {
        const auto one = d.one.queries().user(name);
        std::vector<std::string> answers;
        for (Instance* instance : {&d.a, &d.b})
            if (const auto answer = instance->queries().user(name)) // the others answer 404
                answers.push_back(*answer);
        ASSERT_TRUE(one);
        EXPECT_EQ(answers.size(), 2u) << name;
        EXPECT_EQ(merged(answers), *one) << name;
        EXPECT_EQ(merged({*one}), *one) << name; // one answer comes back as it was
    }

    for (const std::string metric : {"logins", "active_users", "trades", "notional"}) {
        const auto values = metric == "notional" ? AnalyticsMerge::Values::Money : AnalyticsMerge::Values::Counts;
        const auto series = [&](Instance& instance) {
            return *instance.queries().series(metric, kNow - 180 * kMinute, kNow);
        };
        const std::string one = series(d.one);
        EXPECT_EQ(text(AnalyticsMerge::series({series(d.a), series(d.b)}, values)), one) << metric;
        EXPECT_EQ(text(AnalyticsMerge::series({one}, values)), one) << metric;
    }

    const std::string one = d.one.queries().summary(kNow);
    EXPECT_EQ(text(AnalyticsMerge::summaries({one})), one);
    // `users` too: a user is counted where their activity is, on one instance.
    EXPECT_EQ(text(AnalyticsMerge::summaries({d.a.queries().summary(kNow), d.b.queries().summary(kNow)})), one);
}

TEST(AnalyticsMerge, RefusesWhatIsNotAnAnswerOfTheShape) {
    const std::string good = summary(R"({"symbol":"AAPL","views":1})", "");
    const auto refused = [&](const std::string& bad) { return refusal(AnalyticsMerge::summaries({good, bad})); };
    EXPECT_EQ(refusal(AnalyticsMerge::summaries({})), "no answers to merge");
    EXPECT_EQ(refused("nope").rfind("answer 2: invalid JSON at offset 0", 0), 0u) << refused("nope");
    EXPECT_EQ(refused("").rfind("answer 2: invalid JSON", 0), 0u);
    EXPECT_EQ(refused(good + "x").rfind("answer 2: invalid JSON", 0), 0u);
    EXPECT_EQ(refused(good.substr(0, good.size() - 1)).rfind("answer 2: invalid JSON", 0), 0u);
    EXPECT_EQ(refused("[]"), "answer 2: must be an object");
    EXPECT_EQ(refused(replaced(good, R"("users":0)", R"("users":"0")")),
              "answer 2: users: must be a whole number >= 0");
    EXPECT_EQ(refused(replaced(good, R"("users":0,)", "")), "answer 2: users: must be a whole number >= 0");
    EXPECT_EQ(refused(replaced(good, R"("users":0)", R"("users":1.5)")),
              "answer 2: users: must be a whole number >= 0");
    EXPECT_EQ(refused(replaced(good, R"("users":0)", R"("users":1e2)")),
              "answer 2: users: must be a whole number >= 0");
    EXPECT_EQ(refused(replaced(good, R"("users":0)", R"("users":9223372036854775808)")),
              "answer 2: users: must be a whole number >= 0");
    EXPECT_EQ(refused(replaced(good, R"("placed":0)", R"("placed":-1)")),
              "answer 2: totals.orders.placed: must be a whole number >= 0");
    EXPECT_EQ(refused(replaced(good, R"("active_users":{)", R"("active_users":[)")).rfind("answer 2: invalid JSON", 0),
              0u);
    EXPECT_EQ(refused(replaced(good, R"("active_users":{"1m":0,"1h":0,"24h":0})", R"("active_users":[])")),
              "answer 2: active_users: must be an object");
    EXPECT_EQ(refused(replaced(good, R"("notional":0})", R"("notional":"0"})")),
              "answer 2: totals.notional: must be a number");
    EXPECT_EQ(refused(replaced(good, R"("notional":0})", R"("notional":0.00001})")),
              "answer 2: totals.notional: has more than 4 decimals");
    EXPECT_EQ(refused(replaced(good, R"("notional":0})", R"("notional":922337203685477.5808})")),
              "answer 2: totals.notional: is out of range");
    EXPECT_EQ(refused(replaced(good, R"("notional":0})", R"("notional":1e400})")),
              "answer 2: totals.notional: is out of range");
    EXPECT_EQ(refused(replaced(good, R"("top_viewed":[)", R"("top_viewed":[7,)")),
              "answer 2: top_viewed[0]: must be an object");
    EXPECT_EQ(refused(replaced(good, R"("symbol":"AAPL")", R"("symbol":"")")),
              "answer 2: top_viewed[0].symbol: must be a non-empty string");
    EXPECT_EQ(refused(replaced(good, R"("top_viewed":[{"symbol":"AAPL","views":1}])", R"("top_viewed":{})")),
              "answer 2: top_viewed: must be an array");
    EXPECT_EQ(refused(replaced(good, R"("top_traded":[])", R"("top_traded":null)")),
              "answer 2: top_traded: must be an array");
    // A member an instance may add later is skipped; one nested without end is not.
    EXPECT_EQ(refused(replaced(good, R"("users":0,)", R"("users":0,"new":{"x":[1,"y",null]},)")),
              "accepted: " + summary(R"({"symbol":"AAPL","views":2})", ""));
    const std::string deep(10'000, '[');
    EXPECT_NE(refused(deep).find("nested too deeply"), std::string::npos);
    EXPECT_NE(refused(replaced(good, R"("users":0,)", R"("new":)" + deep + R"(,"users":0,)")).find("nested too deeply"),
              std::string::npos);
    std::string objects;
    for (int i = 0; i < 10'000; ++i)
        objects += R"({"a":)";
    EXPECT_NE(refused(objects).find("nested too deeply"), std::string::npos);
    EXPECT_NE(refusal(AnalyticsMerge::series({deep}, AnalyticsMerge::Values::Counts)).find("nested too deeply"),
              std::string::npos);
}

TEST(AnalyticsMerge, RefusesUsersThatAreNotOneUser) {
    const std::string alice = user("1", "1", "1");
    EXPECT_EQ(refusal(AnalyticsMerge::users({alice, replaced(alice, R"("alice")", R"("bob")")})),
              "answer 2: user_id: names another user than the first answer");
    EXPECT_EQ(refusal(AnalyticsMerge::users({replaced(alice, R"("fill_ratio":0.0000,)", "")})),
              "answer 1: fill_ratio: must be a number");
    EXPECT_EQ(refusal(AnalyticsMerge::users({replaced(alice, R"("position":1)", R"("position":1.5)")})),
              "answer 1: symbols[0].position: must be a whole number");
    EXPECT_EQ(refusal(AnalyticsMerge::users({replaced(alice, R"("realized_pnl":1,)", R"("realized_pnl":0.12345,)")})),
              "answer 1: realized_pnl: has more than 4 decimals");
    EXPECT_EQ(refusal(AnalyticsMerge::users({replaced(alice, R"("logins":0,)", R"("logins":0,"last_seen":-5,)")})),
              "answer 1: last_seen: must be a whole number >= 0");
    EXPECT_EQ(refusal(AnalyticsMerge::series({"{}"}, AnalyticsMerge::Values::Counts)), "answer 1: must be an array");
    EXPECT_EQ(refusal(AnalyticsMerge::series({R"([{"value":1}])"}, AnalyticsMerge::Values::Counts)),
              "answer 1: [0].minute: must be a whole number");
}
