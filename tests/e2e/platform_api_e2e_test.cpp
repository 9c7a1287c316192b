// The platform API and the order processor as separate real processes on the real broker.
// Users trade through the exchange while the platform is killed with SIGKILL; afterwards cash
// and shares are conserved to the tick, nothing stays reserved once every order has ended, and
// replaying every order event and trade from the beginning (its stored offsets rewound) changes
// nothing.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <cmath>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <set>

#include "store/sqlite_database.h"
#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/json_reply.h"
#include "support/metrics_text.h"
#include "support/signed_in.h"
#include "support/stored_offsets.h"
#include "support/test_brokers.h"
#include "support/topic_reader.h"
#include "support/wait.h"

using namespace kse::test;

namespace {

const QByteArray kAdminPassword = "admin-secret-1";
constexpr int kUsers = 4;
constexpr int kOrders = 240;

class Platform {
public:
    Platform(const QString& dataDir, const QString& orderProcessorUrl)
        : m_dataDir(dataDir), m_orderProcessorUrl(orderProcessorUrl) {
        start();
    }
    void start() {
        qputenv("KSE_ADMIN_PASSWORD", kAdminPassword);
        m_process = std::make_unique<BackendProcess>(
            QStringList{QStringLiteral("platform-api"), QStringLiteral("--port"), QStringLiteral("0"),
                        QStringLiteral("--brokers"), testBrokers(), QStringLiteral("--data-dir"), m_dataDir,
                        QStringLiteral("--create-admin"), QStringLiteral("admin"), QStringLiteral("--no-market-maker"),
                        QStringLiteral("--order-processor-url"), m_orderProcessorUrl});
        m_process->start();
        qunsetenv("KSE_ADMIN_PASSWORD");
    }
    void kill() { m_process->kill(); }
    int terminate() { return m_process->terminate(); }
    std::unique_ptr<HttpClient> login(const QString& name, const QByteArray& password) {
        return signedIn(m_process->baseUrl(), name, password);
    }
    HttpClient anonymous() { return HttpClient(m_process->baseUrl()); }
    // Registers `name` with the password "password-1"; the status answered.
    int signUp(const QString& name) {
        return anonymous()
            .post(QStringLiteral("/api/v1/users"), R"({"username":")" + name.toUtf8() + R"(","password":"password-1"})")
            .status;
    }
    QString output() { return m_process->output(); }
    double metric(const QString& name) { return metricValue(anonymous().get(QStringLiteral("/metrics")).body, name); }

private:
    QString m_dataDir;
    QString m_orderProcessorUrl;
    std::unique_ptr<BackendProcess> m_process;
};

// The exchange: an order processor of its own on the test broker.
BackendProcess orderProcessor() {
    return BackendProcess({QStringLiteral("order-processor"), QStringLiteral("--port"), QStringLiteral("0"),
                           QStringLiteral("--brokers"), testBrokers(), QStringLiteral("--data-dir"),
                           QTemporaryDir().path()});
}

// Sums in ticks of 0.0001, exact, whatever the doubles of the JSON.
struct Totals {
    std::int64_t cash = 0, reserved = 0, shares = 0, reservedShares = 0;
};
std::int64_t ticks(double value) { return std::llround(value * 10'000); }

} // namespace

TEST(PlatformApiE2E, TradingThroughKillsConservesMoneyAndReplayChangesNothing) {
    BackendProcess exchange = orderProcessor();
    exchange.start();
    QTemporaryDir dataDir;
    Platform platform(dataDir.path(), exchange.baseUrl());
    const QString symbol = uniqueTag(QStringLiteral("PE"));
    const QString tag = uniqueTag(QStringLiteral("pe")).toLower();

    std::vector<QString> names;
    for (int i = 0; i < kUsers; ++i) {
        names.push_back(tag + QString::number(i));
        ASSERT_EQ(platform.signUp(names.back()), 201);
    }
    {
        auto admin = platform.login(QStringLiteral("admin"), kAdminPassword);
        for (const QString& name : names)
            ASSERT_EQ(admin
                          ->post(QStringLiteral("/api/v1/admin/deposits"), R"({"username":")" + name.toUtf8() +
                                                                               R"(","symbol":")" + symbol.toUtf8() +
                                                                               R"(","qty":500,"avg_cost":100})")
                          .status,
                      200);
    }
    const auto clients = [&] {
        std::vector<std::unique_ptr<HttpClient>> out;
        for (const QString& name : names)
            out.push_back(platform.login(name, "password-1"));
        return out;
    };
    const auto totals = [&](std::vector<std::unique_ptr<HttpClient>>& users) {
        Totals t;
        for (auto& http : users) {
            const QJsonObject p = objectOf(http->get(QStringLiteral("/api/v1/portfolio")));
            t.cash += ticks(number(p, "cash"));
            t.reserved += ticks(number(p, "reserved"));
            for (const auto& position : p.value(QLatin1String("positions")).toArray()) {
                t.shares += std::llround(number(position.toObject(), "qty"));
                t.reservedShares += std::llround(number(position.toObject(), "reserved"));
            }
        }
        return t;
    };

    // Random limit orders around 100 from every user; the platform is killed three times.
    std::mt19937 random(11);
    auto users = clients();
    int placed = 0, kills = 0;
    for (int i = 0; i < kOrders; ++i) {
        if (i > 0 && i % (kOrders / 4) == 0) {
            platform.kill();
            ++kills;
            platform.start();
            users = clients();
        }
        const bool buy = random() % 2 == 0;
        const int cents = 9'900 + static_cast<int>(random() % 200);
        const QByteArray body = R"({"symbol":")" + symbol.toUtf8() + R"(","side":")" + (buy ? "buy" : "sell") +
                                R"(","qty":)" + QByteArray::number(1 + random() % 20) + R"(,"price":)" +
                                QByteArray::number(cents / 100.0, 'f', 2) + "}";
        const auto reply = users[random() % kUsers]->post(QStringLiteral("/api/v1/orders"), body);
        ASSERT_TRUE(reply.status == 202 || reply.status == 409) << reply.body.toStdString();
        placed += reply.status == 202 ? 1 : 0;
    }
    EXPECT_GT(placed, kOrders / 2);

    // The book, relayed over HTTP from the order processor's own process, as it answers itself.
    HttpClient direct(exchange.baseUrl());
    const QString bookPath = QStringLiteral("/api/v1/book/%1?depth=5").arg(symbol);
    HttpReply relayed;
    ASSERT_TRUE(waitUntil([&] {
        relayed = users[0]->get(bookPath);
        // Once orders rest on it (the first ones may still be on their way).
        return relayed.status == 200 && relayed.body.contains("[[") && relayed.body == direct.get(bookPath).body;
    })) << relayed.body.toStdString();

    // End every order that still rests, then wait until the platform has seen them all end.
    const auto openOrders = [&] {
        int open = 0;
        for (auto& http : users)
            for (const auto& order :
                 QJsonDocument::fromJson(http->get(QStringLiteral("/api/v1/orders?limit=1000")).body).array()) {
                const QString status = order.toObject().value(QLatin1String("status")).toString();
                if (status == QStringLiteral("pending") || status == QStringLiteral("accepted") ||
                    status == QStringLiteral("partially_filled")) {
                    ++open;
                    if (status != QStringLiteral("pending"))
                        http->del(QStringLiteral("/api/v1/orders/") +
                                  order.toObject().value(QLatin1String("order_id")).toString());
                }
            }
        return open;
    };
    ASSERT_TRUE(waitUntil([&] { return openOrders() == 0; }, 120'000)) << platform.output().toStdString();
    Totals before;
    ASSERT_TRUE(waitUntil(
        [&] {
            before = totals(users);
            return before.reserved == 0 && before.reservedShares == 0;
        },
        60'000));
    EXPECT_EQ(before.cash, kUsers * ticks(100000.0));
    EXPECT_EQ(before.shares, kUsers * 500);

    // Rewind the stored offsets: the platform reads every order event and trade again.
    platform.kill();
    const auto tradesEnd = readToTheEnd("trades");
    const auto eventsEnd = readToTheEnd("order-events");
    ASSERT_FALSE(tradesEnd.empty());
    {
        kse::SqliteDatabase db(QDir(dataDir.path()).filePath(QStringLiteral("platform-api.db")).toStdString());
        db.exec("UPDATE offsets SET next_offset = 0");
    }
    platform.start();
    users = clients();
    std::vector<QByteArray> portfolios;
    for (auto& http : users)
        portfolios.push_back(http->get(QStringLiteral("/api/v1/portfolio")).body);
    // The replay is over once the platform has stored offsets past the last message of both topics.
    ASSERT_TRUE(waitUntil(
        [&] {
            return caughtUp(storedOffsets(dataDir.path(), QStringLiteral("platform-api.db"), "trades"), tradesEnd) &&
                   caughtUp(storedOffsets(dataDir.path(), QStringLiteral("platform-api.db"), "order-events"),
                            eventsEnd);
        },
        120'000));
    for (std::size_t i = 0; i < users.size(); ++i)
        EXPECT_EQ(users[i]->get(QStringLiteral("/api/v1/portfolio")).body, portfolios[i]);
    const Totals after = totals(users);
    EXPECT_EQ(after.cash, before.cash);
    EXPECT_EQ(after.shares, before.shares);
    EXPECT_EQ(kills, 3);
    EXPECT_EQ(exchange.terminate(), 0);
    const auto unavailable = users[0]->get(bookPath);
    EXPECT_EQ(unavailable.status, 503);
    EXPECT_TRUE(unavailable.body.contains("no order processor answers for")) << unavailable.body.toStdString();
    EXPECT_EQ(platform.terminate(), 0);
}

namespace {
// How often each order id appears on `topic` under `key` (a symbol or a user), among messages whose
// `field` is `value`.
std::map<QString, int> idsOnTopic(const std::string& topic, const QString& key, const char* field,
                                  const QString& value) {
    std::map<QString, int> counts;
    for (const Record& record : readTopic(testBrokers().toStdString(), topic)) {
        if (record.key != key.toStdString())
            continue;
        const QJsonObject object = QJsonDocument::fromJson(QByteArray::fromStdString(record.value)).object();
        if (object.value(QLatin1String(field)).toString() == value)
            ++counts[object.value(QLatin1String("order_id")).toString()];
    }
    return counts;
}
} // namespace

// What a 202 promises survives kill -9 of the platform, over and over under a load on every HTTP
// thread: each acknowledged order reaches `orders` and its place_order activity reaches
// `user-activity`, each exactly once, and what is reserved is what the live orders hold.
TEST(PlatformApiE2E, AKillLoopPutsEveryAcknowledgedOrderAndItsActivityOnTheirTopicsExactlyOnce) {
    BackendProcess exchange = orderProcessor();
    exchange.start();
    QTemporaryDir dataDir;
    Platform platform(dataDir.path(), exchange.baseUrl());
    const QString symbol = uniqueTag(QStringLiteral("PL"));
    const QString name = uniqueTag(QStringLiteral("pl")).toLower();
    ASSERT_EQ(platform.signUp(name), 201);
    constexpr int kKills = 4;
    constexpr int kPerRound = 500;
    constexpr int kKillAfter = 150;
    std::set<QString> acknowledged;
    int unanswered = 0;
    for (int round = 0; round < kKills; ++round) {
        if (round > 0)
            platform.start();
        auto user = platform.login(name, "password-1");
        int acknowledgedNow = 0;
        user->postMany(
            QStringLiteral("/api/v1/orders"), kPerRound, 6,
            [&](int i) {
                // 1 share at 1.00–1.99: far below any seller, so every order rests.
                return R"({"symbol":")" + symbol.toUtf8() + R"(","side":"buy","qty":1,"price":1.)" +
                       QByteArray::number(10 + i % 90) + "}";
            },
            [&](int, const HttpReply& reply) {
                if (reply.status != 202) {
                    ++unanswered;
                    return;
                }
                acknowledged.insert(objectOf(reply).value(QLatin1String("order_id")).toString());
                if (++acknowledgedNow == kKillAfter)
                    platform.kill();
            });
        ASSERT_GE(acknowledgedNow, kKillAfter) << platform.output().toStdString();
    }
    EXPECT_GT(unanswered, 0); // the kills did cut the loads short
    platform.start();
    auto user = platform.login(name, "password-1");

    std::int64_t liveReserved = 0;
    ASSERT_TRUE(waitUntil(
        [&] {
            const auto orders = QJsonDocument::fromJson(user->get(QStringLiteral("/api/v1/orders?limit=1000")).body);
            liveReserved = 0;
            for (const auto& value : orders.array()) {
                const QJsonObject order = value.toObject();
                if (order.value(QLatin1String("status")).toString() != QStringLiteral("accepted"))
                    return false; // pending ones are still on their way
                liveReserved += ticks(number(order, "price"));
            }
            return true;
        },
        60'000))
        << platform.output().toStdString();
    const QJsonObject portfolio = objectOf(user->get(QStringLiteral("/api/v1/portfolio")));
    EXPECT_EQ(ticks(number(portfolio, "reserved")), liveReserved);
    EXPECT_EQ(ticks(number(portfolio, "cash")), ticks(100000.0));

    // Once the outbox is empty, everything promised is on its topic.
    ASSERT_TRUE(waitUntil([&] { return platform.metric(QStringLiteral("kse_outbox_kept")) == 0; }, 30'000));
    const auto sent = idsOnTopic("orders", symbol, "type", QStringLiteral("new"));
    const auto placed = idsOnTopic("user-activity", name, "action", QStringLiteral("place_order"));
    const auto accepted = idsOnTopic("order-events", name, "status", QStringLiteral("accepted"));
    for (const QString& id : acknowledged) {
        EXPECT_EQ(sent.contains(id) ? sent.at(id) : 0, 1) << id.toStdString();
        EXPECT_EQ(placed.contains(id) ? placed.at(id) : 0, 1) << id.toStdString();
        EXPECT_EQ(accepted.contains(id) ? accepted.at(id) : 0, 1) << id.toStdString();
    }
    // Nor is anything sent twice that was not acknowledged.
    for (const auto& [id, count] : sent)
        EXPECT_EQ(count, 1) << id.toStdString();
    for (const auto& [id, count] : placed)
        EXPECT_EQ(count, 1) << id.toStdString();
    EXPECT_EQ(platform.terminate(), 0);
    EXPECT_EQ(exchange.terminate(), 0);
}
