// User analytics as a real process on the real broker, fed by a real platform API and order
// processor: a scripted session of three users (logins, price views, orders, a cancel, trades)
// yields exactly the expected numbers, with the analytics killed (SIGKILL) in the middle of it,
// and again after it, and restarted each time.
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUrl>
#include <gtest/gtest.h>

#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/json_reply.h"
#include "support/produce_one.h"
#include "support/signed_in.h"
#include "support/stored_offsets.h"
#include "support/test_brokers.h"
#include "support/wait.h"

using namespace kse::test;

namespace {

const QByteArray kAdminPassword = "admin-secret-3";

QString text(const QJsonObject& o, const char* name) { return o.value(QLatin1String(name)).toString(); }

struct Expected {
    int logins, views, placed, cancelRequests, filled, cancelled, trades, volume;
    double notional, realized;
    int position;
    double fillRatio;
};

// The differences between a user's analytics and what is expected, or nothing.
std::string mismatch(const QJsonObject& a, const Expected& e) {
    const QJsonObject orders = a.value(QLatin1String("orders")).toObject();
    const QJsonArray symbols = a.value(QLatin1String("symbols")).toArray();
    const QJsonObject symbol = symbols.isEmpty() ? QJsonObject{} : symbols[0].toObject();
    std::string out;
    const auto check = [&](const char* name, double got, double want) {
        if (got != want)
            out += std::string(name) + " " + std::to_string(got) + " (expected " + std::to_string(want) + "); ";
    };
    check("logins", a.value(QLatin1String("logins")).toDouble(), e.logins);
    check("views", a.value(QLatin1String("views")).toDouble(), e.views);
    check("placed", orders.value(QLatin1String("placed")).toDouble(), e.placed);
    check("cancel_requests", orders.value(QLatin1String("cancel_requests")).toDouble(), e.cancelRequests);
    check("filled", orders.value(QLatin1String("filled")).toDouble(), e.filled);
    check("cancelled", orders.value(QLatin1String("cancelled")).toDouble(), e.cancelled);
    check("trades", a.value(QLatin1String("trades")).toDouble(), e.trades);
    check("volume", a.value(QLatin1String("volume")).toDouble(), e.volume);
    check("notional", a.value(QLatin1String("notional")).toDouble(), e.notional);
    check("realized_pnl", a.value(QLatin1String("realized_pnl")).toDouble(), e.realized);
    check("position", symbol.value(QLatin1String("position")).toDouble(), e.position);
    check("symbol views", symbol.value(QLatin1String("views")).toDouble(), e.views);
    check("fill_ratio", a.value(QLatin1String("fill_ratio")).toDouble(), e.fillRatio);
    return out;
}

QStringList analyticsArguments(const QString& dataDir, quint16 port = 0) {
    return {QStringLiteral("user-analytics"),
            QStringLiteral("--port"),
            QString::number(port),
            QStringLiteral("--brokers"),
            testBrokers(),
            QStringLiteral("--data-dir"),
            dataDir};
}

} // namespace

TEST(UserAnalyticsE2E, AScriptedSessionCountsExactlyThroughKills) {
    QTemporaryDir exchangeDir, platformDir, analyticsDir;
    BackendProcess exchange({QStringLiteral("order-processor"), QStringLiteral("--port"), QStringLiteral("0"),
                             QStringLiteral("--brokers"), testBrokers(), QStringLiteral("--data-dir"),
                             exchangeDir.path()});
    exchange.start();
    auto analytics = std::make_unique<BackendProcess>(analyticsArguments(analyticsDir.path()));
    analytics->start();
    // Restarts take the same port: the platform relays to it.
    const quint16 analyticsPort = static_cast<quint16>(QUrl(analytics->baseUrl()).port());
    qputenv("KSE_ADMIN_PASSWORD", kAdminPassword);
    BackendProcess platform({QStringLiteral("platform-api"), QStringLiteral("--port"), QStringLiteral("0"),
                             QStringLiteral("--brokers"), testBrokers(), QStringLiteral("--data-dir"),
                             platformDir.path(), QStringLiteral("--create-admin"), QStringLiteral("admin"),
                             QStringLiteral("--no-market-maker"), QStringLiteral("--order-processor-url"),
                             exchange.baseUrl(), QStringLiteral("--user-analytics-url"), analytics->baseUrl()});
    platform.start();
    qunsetenv("KSE_ADMIN_PASSWORD");

    const QString tag = uniqueTag(QStringLiteral("ua")).toLower();
    const QString symbol = uniqueTag(QStringLiteral("UA"));
    const QString u0 = tag + QStringLiteral("-0"), u1 = tag + QStringLiteral("-1"), u2 = tag + QStringLiteral("-2");
    const auto login = [&](const QString& name, const QByteArray& password) {
        return signedIn(platform.baseUrl(), name, password);
    };
    for (const QString& name : {u0, u1, u2})
        ASSERT_EQ(HttpClient(platform.baseUrl())
                      .post(QStringLiteral("/api/v1/users"),
                            R"({"username":")" + name.toUtf8() + R"(","password":"password-1"})")
                      .status,
                  201);
    ASSERT_EQ(login(QStringLiteral("admin"), kAdminPassword)
                  ->post(QStringLiteral("/api/v1/admin/deposits"),
                         R"({"username":")" + u1.toUtf8() + R"(","symbol":")" + symbol.toUtf8() + R"(","qty":100})")
                  .status,
              200);
    login(u0, "password-1");
    auto alice = login(u0, "password-1"); // two logins
    auto bob = login(u1, "password-1");
    login(u2, "password-1");
    login(u2, "password-1");
    auto carol = login(u2, "password-1"); // three

    // A price for the symbol, as the aggregator would publish it; then three views of it.
    const std::int64_t hour = QDateTime::currentMSecsSinceEpoch() / 3'600'000 * 3'600'000;
    ASSERT_TRUE(
        produceOne(testBrokers().toStdString(), "stock-aggregates", symbol.toStdString(),
                   R"({"symbol":")" + symbol.toStdString() + R"(","interval":"1h","start":)" + std::to_string(hour) +
                       R"(,"open":10,"high":10,"low":10,"close":10,"volume":0,"vwap":10,"count":1,"final":false})"));
    ASSERT_TRUE(waitUntil(
        [&] { return HttpClient(platform.baseUrl()).get(QStringLiteral("/api/v1/price?id=") + symbol).status == 200; },
        120'000));
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(alice->get(QStringLiteral("/api/v1/price?id=") + symbol).status, 200);

    const auto place = [&](HttpClient& http, const char* side, int qty, const char* price) {
        const auto reply = http.post(QStringLiteral("/api/v1/orders"),
                                     R"({"symbol":")" + symbol.toUtf8() + R"(","side":")" + side + R"(","qty":)" +
                                         QByteArray::number(qty) + R"(,"price":)" + price + "}");
        EXPECT_EQ(reply.status, 202) << reply.body.toStdString();
        return text(objectOf(reply), "order_id");
    };
    const auto waitFor = [&](HttpClient& http, const QString& id, const char* status) {
        ASSERT_TRUE(waitUntil(
            [&] {
                return text(objectOf(http.get(QStringLiteral("/api/v1/orders/") + id)), "status") ==
                       QLatin1String(status);
            },
            60'000))
            << id.toStdString() << " never " << status;
    };
    const QString sell30 = place(*bob, "sell", 30, "10");
    waitFor(*bob, sell30, "accepted");
    waitFor(*alice, place(*alice, "buy", 20, "10.5"), "filled");

    analytics->kill(); // in the middle: the rest of the session happens while it is down
    const QString buy5 = place(*carol, "buy", 5, "9");
    waitFor(*carol, buy5, "accepted");
    ASSERT_EQ(carol->del(QStringLiteral("/api/v1/orders/") + buy5).status, 202);
    waitFor(*carol, buy5, "cancelled");
    waitFor(*alice, place(*alice, "buy", 10, "10"), "filled");
    waitFor(*bob, sell30, "filled");
    const QString sell15 = place(*alice, "sell", 15, "11");
    waitFor(*alice, sell15, "accepted");
    waitFor(*carol, place(*carol, "buy", 15, "12"), "filled");
    analytics = std::make_unique<BackendProcess>(analyticsArguments(analyticsDir.path(), analyticsPort));
    analytics->start();

    const std::map<QString, Expected> expected{
        {u0, {2, 3, 3, 0, 3, 0, 3, 45, 465.0, 15.0, 15, 1.0}},
        {u1, {1, 0, 1, 0, 1, 0, 2, 30, 300.0, 0.0, -30, 1.0}},
        {u2, {3, 0, 2, 1, 1, 1, 1, 15, 165.0, 0.0, 15, 0.5}},
    };
    const auto verify = [&](BackendProcess& service) {
        for (const auto& [name, want] : expected) {
            HttpClient http(service.baseUrl());
            std::string diff;
            // Structured bindings named in a lambda: captured explicitly, which Clang 14 needs.
            EXPECT_TRUE(waitUntil(
                [&, &name = name, &want = want] {
                    diff = mismatch(objectOf(http.get(QStringLiteral("/api/v1/analytics/users/") + name)), want);
                    return diff.empty();
                },
                120'000))
                << name.toStdString() << ": " << diff;
        }
    };
    verify(*analytics);
    // The platform relays a user's own analytics, and the summary to anyone signed in.
    EXPECT_EQ(alice->get(QStringLiteral("/api/v1/analytics/me")).body,
              HttpClient(analytics->baseUrl()).get(QStringLiteral("/api/v1/analytics/users/") + u0).body);
    const QJsonObject summary = objectOf(carol->get(QStringLiteral("/api/v1/analytics/summary")));
    EXPECT_GE(summary.value(QLatin1String("active_users")).toObject().value(QLatin1String("1h")).toInt(), 3);
    EXPECT_EQ(HttpClient(platform.baseUrl()).get(QStringLiteral("/api/v1/analytics/summary")).status, 401);

    // Killed and restarted once more, it reads on to the ends of its topics and counts nothing twice.
    analytics->kill();
    analytics = std::make_unique<BackendProcess>(analyticsArguments(analyticsDir.path(), analyticsPort));
    analytics->start();
    std::map<std::string, PartitionOffsets> ends;
    for (const char* topic : {"user-activity", "order-events", "trades"})
        ends[topic] = readToTheEnd(topic);
    ASSERT_TRUE(waitUntil(
        [&] {
            for (const auto& [topic, end] : ends)
                if (!caughtUp(storedOffsets(analyticsDir.path(), QStringLiteral("user-analytics.db"), topic), end))
                    return false;
            return true;
        },
        120'000));
    for (const auto& [name, want] : expected)
        EXPECT_EQ(
            mismatch(objectOf(HttpClient(analytics->baseUrl()).get(QStringLiteral("/api/v1/analytics/users/") + name)),
                     want),
            "")
            << name.toStdString();

    EXPECT_EQ(analytics->terminate(), 0);
    const auto down = alice->get(QStringLiteral("/api/v1/analytics/me"));
    EXPECT_EQ(down.status, 503) << down.body.toStdString();
    EXPECT_EQ(platform.terminate(), 0);
    EXPECT_EQ(exchange.terminate(), 0);
}
