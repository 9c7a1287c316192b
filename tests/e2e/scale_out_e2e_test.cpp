// Two instances of every consumer service (stock aggregator, order processor, user analytics)
// on the real broker, and one platform that knows them all, under orders, ticks and activity.
// One instance of each is killed, kept down until the group has moved its partitions, then
// started again on its old data directory, while the load goes on; then the other one of each. Afterwards, what users
// read is what one uninterrupted instance of each would have made: money conserved to the tick, every trade once, every
// book the owner's, every final candle the one the ticks make, the analytics summed over the instances equal to the
// topics.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <algorithm>
#include <gtest/gtest.h>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "contract/activity_message.h"
#include "contract/answer_object.h"
#include "contract/exchange_messages.h"
#include "contract/order_enums.h"
#include "domain/limits.h"
#include "e2e/candle_check.h"
#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/json_reply.h"
#include "support/metrics_text.h"
#include "support/signed_in.h"
#include "support/test_brokers.h"
#include "support/topic_reader.h"
#include "support/trader_holdings.h"
#include "support/wait.h"

using namespace kse::test;

namespace {

constexpr int kSymbols = 6;
constexpr int kTraders = 4;          // 0 and 1 buy, 2 and 3 sell
constexpr int kHandoverMs = 150'000; // a killed member's session timeout (20 s), rebalances, replays
const QByteArray kAdminPassword = "admin-password-1";
constexpr std::int64_t kShares = 1'000'000; // deposited to each seller in each symbol
// Topics have six partitions: an aggregator's gauge counts partition numbers (stock-ingress and
// trades together), user analytics' those of its three topics.
constexpr double kAggregatorPartitions = 6;
constexpr double kAnalyticsPartitions = 18;
constexpr std::int64_t kBuyerCash = 1'000'000'000LL * kse::Price::kScale; // deposited to each buyer

// One instance of a service whose data directory outlives its processes; a restart takes the
// same port, since the platform was told it.
class Instance {
public:
    explicit Instance(QString service) : m_service(std::move(service)) { start(); }
    void start() {
        QStringList arguments = serviceOnTestBrokers(m_service, m_dir.path());
        arguments[2] = QString::number(m_port);
        m_process = std::make_unique<BackendProcess>(arguments);
        m_process->start();
        m_port = m_process->port();
    }
    void kill() {
        m_process->kill();
        m_process.reset();
    }
    bool up() const { return m_process != nullptr; }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    HttpReply get(const QString& path) const { return HttpClient(url()).get(path); }
    double metric(const QString& name) const { return metricValue(get(QStringLiteral("/metrics")).body, name); }

private:
    QString m_service;
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    std::unique_ptr<BackendProcess> m_process;
};

// Two instances of one service.
struct Pair {
    Instance a, b;
    explicit Pair(const QString& service) : a(service), b(service) {}
    QString urls() const { return a.url() + QLatin1Char(',') + b.url(); }
};

// Every book from exactly one order processor (the owner, 200; the other 421), and the
// platform's relay equal to it; the first difference otherwise.
std::string booksDiffer(const Pair& processors, HttpClient& platform, const std::vector<std::string>& symbols) {
    for (const std::string& symbol : symbols) {
        const QString path = QStringLiteral("/api/v1/book/%1?depth=100").arg(QString::fromStdString(symbol));
        std::vector<HttpReply> owners;
        for (const Instance* member : {&processors.a, &processors.b}) {
            if (!member->up())
                continue;
            const HttpReply reply = member->get(path);
            if (reply.status == 200)
                owners.push_back(reply);
            else if (reply.status != 421)
                return symbol + ": a member answered " + std::to_string(reply.status);
        }
        if (owners.size() != 1)
            return symbol + ": " + std::to_string(owners.size()) + " members answer its book";
        const HttpReply relayed = platform.get(path);
        if (relayed.status != 200 || relayed.body != owners.front().body)
            return symbol + ": the platform relayed " + relayed.body.toStdString() + " for " +
                   owners.front().body.toStdString();
    }
    return {};
}

// What the analytics must say, counted from the topics with the contract's decoders: every
// message of every earlier test on the broker too, since the instances read the topics whole.
struct ExpectedAnalytics {
    std::int64_t logins = 0, placed = 0, trades = 0, volume = 0, notional = 0;
    std::map<std::string, std::int64_t> userLogins, userPlaced, userTrades;
};

ExpectedAnalytics countTopics() {
    const std::string brokers = testBrokers().toStdString();
    const std::int64_t reference = QDateTime::currentMSecsSinceEpoch();
    ExpectedAnalytics out;
    for (const auto& record : readTopic(brokers, "user-activity")) {
        const auto activity = kse::decodeActivityMessage(record.value, reference);
        if (!activity)
            continue;
        if (activity.value().action == kse::actions::kLogin) {
            ++out.logins;
            ++out.userLogins[activity.value().user];
        } else if (activity.value().action == kse::actions::kPlaceOrder) {
            ++out.placed;
            ++out.userPlaced[activity.value().user];
        }
    }
    for (const auto& record : readTopic(brokers, "trades")) {
        const auto trade = kse::decodeTradeMessage(record.value, reference);
        if (!trade)
            continue;
        ++out.trades;
        out.volume += trade.value().qty;
        out.notional = kse::saturatingAdd(out.notional, trade.value().price.ticks() * trade.value().qty);
        for (const std::string& side : {trade.value().buyer, trade.value().seller})
            if (!side.empty())
                ++out.userTrades[side];
    }
    return out;
}

// The platform's merged summary and each trader's own analytics against the topics; the first
// difference, or nothing.
std::string analyticsDiffer(HttpClient& admin, std::vector<std::unique_ptr<HttpClient>>& traders,
                            const std::vector<std::string>& names) {
    ExpectedAnalytics expected = countTopics();
    const auto summary = admin.get(QStringLiteral("/api/v1/analytics/summary"));
    if (summary.status != 200)
        return "summary answered " + std::to_string(summary.status);
    const QJsonObject totals = objectOf(summary).value(QLatin1String("totals")).toObject();
    kse::AnswerObject exact(totals);
    const auto field = [&](const char* name) { return totals.value(QLatin1String(name)).toInteger(); };
    const std::string got =
        "logins " + std::to_string(field("logins")) + ", placed " +
        std::to_string(totals.value(QLatin1String("orders")).toObject().value(QLatin1String("placed")).toInteger()) +
        ", trades " + std::to_string(field("trades")) + ", volume " + std::to_string(field("volume")) + ", notional " +
        std::to_string(exact.money("notional"));
    const std::string want = "logins " + std::to_string(expected.logins) + ", placed " +
                             std::to_string(expected.placed) + ", trades " + std::to_string(expected.trades) +
                             ", volume " + std::to_string(expected.volume) + ", notional " +
                             std::to_string(expected.notional);
    if (got != want)
        return "summary: " + got + "; the topics: " + want;
    for (std::size_t i = 0; i < traders.size(); ++i) {
        const QJsonObject me = objectOf(traders[i]->get(QStringLiteral("/api/v1/analytics/me")));
        const std::string& name = names[i];
        const std::int64_t logins = me.value(QLatin1String("logins")).toInteger();
        const std::int64_t placed =
            me.value(QLatin1String("orders")).toObject().value(QLatin1String("placed")).toInteger();
        const std::int64_t trades = me.value(QLatin1String("trades")).toInteger();
        if (logins != expected.userLogins.at(name) || placed != expected.userPlaced.at(name) ||
            trades != expected.userTrades[name])
            return name + ": logins " + std::to_string(logins) + ", placed " + std::to_string(placed) + ", trades " +
                   std::to_string(trades) + "; the topics: " + std::to_string(expected.userLogins.at(name)) + ", " +
                   std::to_string(expected.userPlaced.at(name)) + ", " + std::to_string(expected.userTrades[name]);
    }
    return {};
}

} // namespace

TEST(ScaleOutE2E, TwoOfEveryConsumerThroughKillsAndHandoversAnswerAsOneOfEach) {
    // Four whole minutes of today (UTC) just past, for the ticks: a replay rebuilds their session.
    const auto sinceMidnight = [] { return QDateTime::currentMSecsSinceEpoch() % kse::SessionStats::kDayMs; };
    ASSERT_TRUE(waitUntil([&] { return sinceMidnight() >= 6 * 60'000; }, 7 * 60'000));
    const std::int64_t first =
        kse::windowStart(QDateTime::currentMSecsSinceEpoch(), kse::Interval::Minute1) - 5 * 60'000;
    const QString tag = uniqueTag(QStringLiteral("SX"));
    DatedFeed ticks(tag, kSymbols);
    const auto pastMinutes = [first](int n) { return first + (n * 7'919) % (4 * 60'000); };
    const std::vector<std::string>& symbols = ticks.symbols();

    Pair aggregators(QStringLiteral("stock-aggregator"));
    Pair processors(QStringLiteral("order-processor"));
    Pair analytics(QStringLiteral("user-analytics"));
    QTemporaryDir platformDir;
    QStringList arguments = serviceOnTestBrokers(QStringLiteral("platform-api"), platformDir.path());
    arguments << QStringLiteral("--no-market-maker") << QStringLiteral("--create-admin") << QStringLiteral("admin")
              << QStringLiteral("--order-processor-url") << processors.urls() << QStringLiteral("--user-analytics-url")
              << analytics.urls();
    BackendProcess platform(arguments);
    platform.setEnvironment({{QStringLiteral("KSE_ADMIN_PASSWORD"), QString::fromLatin1(kAdminPassword)}});
    platform.start();

    // The traders, signed in; the sellers hold shares of every symbol.
    const auto signIn = [&](const QString& name, const QByteArray& password) {
        return signedIn(platform.baseUrl(), name, password);
    };
    auto admin = signIn(QStringLiteral("admin"), kAdminPassword);
    std::vector<std::string> names;
    std::vector<std::unique_ptr<HttpClient>> traders;
    for (int t = 0; t < kTraders; ++t) {
        const QString name = tag.toLower() + QStringLiteral("-%1").arg(t);
        ASSERT_EQ(HttpClient(platform.baseUrl())
                      .post(QStringLiteral("/api/v1/users"),
                            R"({"username":")" + name.toUtf8() + R"(","password":"password-1"})")
                      .status,
                  201);
        names.push_back(name.toStdString());
        traders.push_back(signIn(name, "password-1"));
        const auto deposit = [&](const QByteArray& what) {
            return admin->post(QStringLiteral("/api/v1/admin/deposits"),
                               R"({"username":")" + name.toUtf8() + R"(",)" + what + "}");
        };
        if (t < 2) {
            ASSERT_EQ(deposit(R"("cash":)" + QByteArray::fromStdString(kse::Price::signedString(kBuyerCash))).status,
                      200);
            continue;
        }
        for (const std::string& symbol : symbols)
            ASSERT_EQ(deposit(R"("symbol":")" + QByteArray::fromStdString(symbol) + R"(","qty":)" +
                              QByteArray::number(kShares))
                          .status,
                      200);
    }

    // Orders from every trader on every symbol: most cross at 10.00–10.05, one in ten rests
    // outside the spread, so that every book has levels.
    int sent = 0;
    std::set<std::string> accepted;
    const auto placeOrders = [&](int count) {
        for (int i = 0; i < count; ++i, ++sent) {
            const int trader = sent % kTraders;
            const bool buy = trader < 2;
            const std::string& symbol = symbols[static_cast<std::size_t>(sent / kTraders) % symbols.size()];
            const bool rests = sent % 10 == 0;
            const QByteArray price = buy ? (rests ? "9." + QByteArray::number(sent % 90 + 10) : "10.05")
                                         : (rests ? "11." + QByteArray::number(sent % 90 + 10) : "10");
            const auto reply = traders[static_cast<std::size_t>(trader)]->post(
                QStringLiteral("/api/v1/orders"), R"({"symbol":")" + QByteArray::fromStdString(symbol) +
                                                      R"(","side":")" + (buy ? "buy" : "sell") + R"(","qty":)" +
                                                      QByteArray::number(1 + sent % 5) + R"(,"price":)" + price + "}");
            ASSERT_EQ(reply.status, 202) << reply.body.toStdString();
            accepted.insert(objectOf(reply).value(QLatin1String("order_id")).toString().toStdString());
        }
    };
    // Load while waiting: every look at the condition comes with orders and ticks.
    // About 80 orders and 400 ticks a second, the conditions looked at in between.
    const auto settledUnderLoad = [&](const std::function<bool()>& settled, int timeoutMs) {
        QElapsedTimer sinceLoad;
        return waitUntil(
            [&] {
                if (!sinceLoad.isValid() || sinceLoad.elapsed() >= 500) {
                    sinceLoad.start();
                    placeOrders(40);
                    ticks.send(200, pastMinutes);
                }
                return settled();
            },
            timeoutMs);
    };
    std::string booksDifference;
    const auto booksSettled = [&] {
        booksDifference = booksDiffer(processors, *admin, symbols);
        return booksDifference.empty();
    };
    // Partitions a member reports it owns now, by its gauge; 0 for one that is down.
    const auto owned = [](const Instance& member, const char* gauge) {
        return member.up() ? member.metric(QString::fromLatin1(gauge)) : 0.0;
    };
    constexpr const char* kAggregated = "kse_aggregator_partitions";
    constexpr const char* kCounted = "kse_analytics_partitions";
    const auto ownsABook = [&](const Instance& member) {
        for (const std::string& symbol : symbols)
            if (member.up() &&
                member.get(QStringLiteral("/api/v1/book/") + QString::fromStdString(symbol)).status == 200)
                return true;
        return false;
    };
    // Whether every group's partitions are owned, every book answered by its owner alone, and
    // (with `bothUp`) each member owns some; `state` says where things stand.
    std::string state;
    const auto settled = [&](bool bothUp) {
        const double analyticsA = owned(analytics.a, kCounted), analyticsB = owned(analytics.b, kCounted);
        const double aggregatorA = owned(aggregators.a, kAggregated), aggregatorB = owned(aggregators.b, kAggregated);
        const bool processorB = ownsABook(processors.b);
        booksSettled();
        state = "analytics own " + std::to_string(analyticsA) + " + " + std::to_string(analyticsB) +
                " partitions, aggregators " + std::to_string(aggregatorA) + " + " + std::to_string(aggregatorB) +
                ", order processor b owns a book: " + (processorB ? "yes" : "no") +
                "; books: " + (booksDifference.empty() ? "settled" : booksDifference);
        const bool split = analyticsA + analyticsB == kAnalyticsPartitions &&
                           aggregatorA + aggregatorB == kAggregatorPartitions && booksDifference.empty();
        return split && (!bothUp || (analyticsA > 0 && analyticsB > 0 && aggregatorA > 0 && aggregatorB > 0 &&
                                     processorB && ownsABook(processors.a)));
    };

    // Everything up: the groups split the partitions.
    QElapsedTimer phase;
    phase.start();
    ASSERT_TRUE(settledUnderLoad([&] { return settled(true); }, kHandoverMs)) << state;
    const qint64 splitMs = phase.restart();
    ASSERT_TRUE(platformHolds(*admin, ticks, kHandoverMs));

    // One of each killed and kept down until the survivors own everything, then back on their
    // old data directories, so that partitions move back to state that fell behind; first the
    // b members, then the a members.
    std::vector<qint64> takenOverMs, backMs;
    for (Instance Pair::*member : {&Pair::b, &Pair::a}) {
        for (Pair* pair : {&aggregators, &processors, &analytics})
            (pair->*member).kill();
        phase.restart();
        ASSERT_TRUE(settledUnderLoad([&] { return settled(false); }, kHandoverMs)) << state;
        takenOverMs.push_back(phase.restart());
        ASSERT_TRUE(platformHolds(*admin, ticks, kHandoverMs));

        for (Pair* pair : {&aggregators, &processors, &analytics})
            (pair->*member).start();
        phase.restart();
        ASSERT_TRUE(settledUnderLoad([&] { return settled(true); }, kHandoverMs)) << state;
        backMs.push_back(phase.restart());
    }
    placeOrders(200);
    ticks.send(1'000, pastMinutes);

    // The checks, once the last orders settled.
    ASSERT_TRUE(waitUntil([&] { return settled(true); }, kHandoverMs)) << state;

    // Every accepted order reached the exchange and came back final or resting, and nothing
    // moved money but trades between these traders: cash and shares conserved to the tick.
    ASSERT_TRUE(waitUntil([&] { return nonePending(traders); }, kHandoverMs)) << "orders still pending";
    Holdings held = holdingsOf(traders);
    EXPECT_EQ(held.cash, kTraders * 100'000LL * kse::Price::kScale + 2 * kBuyerCash) << "cash conserved";
    for (const std::string& symbol : symbols)
        EXPECT_EQ(held.shares[symbol], 2 * kShares) << symbol << ": shares conserved";

    // Every trade once on the topic; and in its symbol's candles, as the aggregator counts it.
    std::set<std::string> tradeIds;
    std::int64_t ourTrades = 0, lastTrade = 0;
    for (const auto& record : readTopic(testBrokers().toStdString(), "trades")) {
        const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
        const auto trade = kse::decodeTradeMessage(record.value, now);
        if (!trade || trade.value().symbol.rfind(tag.toStdString(), 0) != 0)
            continue;
        ++ourTrades;
        EXPECT_TRUE(tradeIds.insert(trade.value().tradeId).second) << "trade " << trade.value().tradeId << " twice";
        const auto price = kse::decodeTrade(record.value, now);
        ASSERT_TRUE(price) << price.error();
        ticks.also(price.value());
        lastTrade = std::max(lastTrade, price.value().ts);
    }
    EXPECT_GT(ourTrades, 0);
    // Once the minute of the last trade has closed (and the 2 s the aggregator waits for late
    // prices), every candle of the run is final: the platform holds each as the topics make it.
    ASSERT_TRUE(waitUntil(
        [&] {
            return QDateTime::currentMSecsSinceEpoch() >
                   kse::windowStart(lastTrade, kse::Interval::Minute1) + 60'000 + 3'000;
        },
        70'000));
    EXPECT_TRUE(platformHolds(*admin, ticks, kHandoverMs));

    // The analytics, merged by the platform over both instances, equal the topics.
    std::string analyticsDifference;
    EXPECT_TRUE(waitUntil(
        [&] {
            analyticsDifference = analyticsDiffer(*admin, traders, names);
            return analyticsDifference.empty();
        },
        kHandoverMs))
        << analyticsDifference;
    std::cout << "orders accepted: " << accepted.size() << ", trades: " << ourTrades
              << ", final 1m candles checked (ticks and trades): " << ticks.expected().size()
              << ", ticks: " << ticks.sent() << "; the groups split after " << splitMs
              << " ms; the survivors owned everything " << takenOverMs[0] << " and " << takenOverMs[1]
              << " ms after the kills; the restarted members owned partitions again after " << backMs[0] << " and "
              << backMs[1] << " ms\n";
}
