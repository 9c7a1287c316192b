// The order processor as a real process (`kse-backend order-processor`) on its embedded Kafka:
// orders in on `orders`, answers out on order-events and trades and over HTTP.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <memory>

#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/metrics_text.h"
#include "support/order_feed.h"
#include "support/test_brokers.h"
#include "support/topic_reader.h"
#include "support/wait.h"

using namespace kse::test;
using kse::Side;

namespace {

QStringList processorArguments(const QString& dataDir) {
    return {QStringLiteral("order-processor"), QStringLiteral("--port"), QStringLiteral("0"),
            QStringLiteral("--data-dir"), dataDir};
}

// The values on `topic` whose JSON names `symbol`.
std::vector<QJsonObject> messagesOf(const std::string& brokers, const std::string& topic, const QString& symbol) {
    std::vector<QJsonObject> out;
    for (const auto& record : readTopic(brokers, topic)) {
        const auto object = QJsonDocument::fromJson(QByteArray::fromStdString(record.value)).object();
        if (object.value(QLatin1String("symbol")).toString() == symbol)
            out.push_back(object);
    }
    return out;
}

QJsonArray jsonArrayOf(const HttpReply& reply) { return QJsonDocument::fromJson(reply.body).array(); }

class OrderProcessorComponent : public testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dataDir = std::make_unique<QTemporaryDir>();
        s_backend = std::make_unique<BackendProcess>(processorArguments(s_dataDir->path()));
        s_backend->start();
        // Books are answered once the processor owns the partitions of `orders` (421 before).
        HttpClient http(s_backend->baseUrl());
        ASSERT_TRUE(waitUntil([&] { return http.get(QStringLiteral("/api/v1/book/AAPL")).status == 200; }));
    }
    static void TearDownTestSuite() {
        if (s_backend) {
            EXPECT_EQ(s_backend->terminate(), 0) << s_backend->output().toStdString();
        }
        s_backend.reset();
        s_dataDir.reset();
    }
    void SetUp() override {
        ASSERT_TRUE(s_backend && s_backend->running());
        m_http = std::make_unique<HttpClient>(s_backend->baseUrl());
        m_feed = std::make_unique<OrderFeed>(brokers());
        m_symbol = uniqueTag(QStringLiteral("OP"));
    }
    std::string brokers() const { return s_backend->brokers().toStdString(); }
    std::string symbol() const { return m_symbol.toStdString(); }
    // The symbol's trades over HTTP once there are `count` of them.
    QJsonArray waitForTrades(int count) {
        QJsonArray trades;
        waitUntil([&] {
            trades = jsonArrayOf(m_http->get(QStringLiteral("/api/v1/trades/") + m_symbol));
            return trades.size() >= count;
        });
        return trades;
    }
    QJsonObject book(const QString& query = {}) {
        return QJsonDocument::fromJson(m_http->get(QStringLiteral("/api/v1/book/") + m_symbol + query).body).object();
    }
    // The book once its sequence number reached `seq`.
    QJsonObject waitForBook(int seq) {
        QJsonObject b;
        waitUntil([&] {
            b = book();
            return b.value(QLatin1String("seq")).toInt() >= seq;
        });
        return b;
    }

    static inline std::unique_ptr<QTemporaryDir> s_dataDir;
    static inline std::unique_ptr<BackendProcess> s_backend;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<OrderFeed> m_feed;
    QString m_symbol;
};

TEST_F(OrderProcessorComponent, MatchesOrdersAndAnswersOnKafkaAndOverHttp) {
    m_feed->send(limitOrder("s1", "alice", symbol(), Side::Sell, 10, 1'000'000));
    m_feed->send(limitOrder("b1", "bob", symbol(), Side::Buy, 4, 1'010'000));
    ASSERT_TRUE(m_feed->flush());

    const QJsonArray trades = waitForTrades(1);
    ASSERT_EQ(trades.size(), 1);
    const QJsonObject trade = trades[0].toObject();
    EXPECT_EQ(trade.value(QLatin1String("trade_id")).toString(), m_symbol + QStringLiteral("-1"));
    EXPECT_EQ(trade.value(QLatin1String("price")).toDouble(), 100.0); // the maker's price
    EXPECT_EQ(trade.value(QLatin1String("qty")).toInt(), 4);
    EXPECT_EQ(trade.value(QLatin1String("buyer")).toString(), QStringLiteral("bob"));
    EXPECT_EQ(trade.value(QLatin1String("seller")).toString(), QStringLiteral("alice"));
    EXPECT_EQ(trade.value(QLatin1String("aggressor")).toString(), QStringLiteral("buy"));

    const QJsonObject b = waitForBook(2);
    EXPECT_EQ(b.value(QLatin1String("bids")).toArray().size(), 0);
    EXPECT_EQ(QJsonDocument(b.value(QLatin1String("asks")).toArray()).toJson(QJsonDocument::Compact), "[[100,6]]");

    const auto events = messagesOf(brokers(), "order-events", m_symbol);
    std::vector<std::string> seen;
    for (const auto& e : events)
        seen.push_back(e.value(QLatin1String("order_id")).toString().toStdString() + ":" +
                       e.value(QLatin1String("status")).toString().toStdString());
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(seen, (std::vector<std::string>{"b1:accepted", "b1:filled", "s1:accepted", "s1:partially_filled"}));
    const auto onKafka = messagesOf(brokers(), "trades", m_symbol);
    ASSERT_EQ(onKafka.size(), 1u);
    EXPECT_EQ(onKafka[0], trade);
}

TEST_F(OrderProcessorComponent, RefusesBadOrdersAndForeignCancelsWithReasons) {
    auto zero = limitOrder("z1", "alice", symbol(), Side::Buy, 0, 1'000'000);
    m_feed->send(zero);
    m_feed->send(limitOrder("r1", "alice", symbol(), Side::Buy, 5, 990'000));
    m_feed->send(cancelOrder("r1", "mallory", symbol()));
    m_feed->send(cancelOrder("nope", "alice", symbol()));
    m_feed->raw(symbol(), R"({"type":"new","order_id":"x1","user_id":"alice","symbol":")" + symbol() +
                              R"(","side":"up","order_type":"limit","qty":1,"price":1})");
    ASSERT_TRUE(m_feed->flush());
    std::vector<QJsonObject> events;
    ASSERT_TRUE(waitUntil([&] {
        events = messagesOf(brokers(), "order-events", m_symbol);
        return events.size() >= 5;
    }));
    std::map<std::string, std::string> reasons;
    for (const auto& e : events)
        if (e.value(QLatin1String("status")).toString() == QStringLiteral("rejected"))
            reasons[e.value(QLatin1String("order_id")).toString().toStdString() + "/" +
                    e.value(QLatin1String("request")).toString().toStdString()] =
                e.value(QLatin1String("reason")).toString().toStdString();
    EXPECT_EQ(reasons, (std::map<std::string, std::string>{{"z1/new", "qty must be positive"},
                                                           {"r1/cancel", "not the owner of the order"},
                                                           {"nope/cancel", "unknown order"},
                                                           {"x1/new", "side must be buy or sell"}}));
    EXPECT_EQ(QJsonDocument(waitForBook(1).value(QLatin1String("bids")).toArray()).toJson(QJsonDocument::Compact),
              "[[99,5]]"); // the foreign cancel left the order alone
}

TEST_F(OrderProcessorComponent, UnreadableMessagesGoToDeadLettersAndProcessingGoesOn) {
    m_feed->raw(symbol(), "not json at all");
    m_feed->raw(symbol(), R"({"type":"new","user_id":"alice","symbol":")" + symbol() + R"("})");
    m_feed->send(limitOrder("after", "alice", symbol(), Side::Sell, 3, 1'200'000));
    ASSERT_TRUE(m_feed->flush());
    EXPECT_EQ(QJsonDocument(waitForBook(1).value(QLatin1String("asks")).toArray()).toJson(QJsonDocument::Compact),
              "[[120,3]]");
    std::vector<std::string> errors;
    for (const auto& record : readTopic(brokers(), "dead-letters")) {
        const auto letter = QJsonDocument::fromJson(QByteArray::fromStdString(record.value)).object();
        if (letter.value(QLatin1String("payload")).toString().contains(m_symbol) ||
            letter.value(QLatin1String("payload")).toString() == QStringLiteral("not json at all"))
            errors.push_back(letter.value(QLatin1String("error")).toString().toStdString());
    }
    ASSERT_GE(errors.size(), 2u);
    EXPECT_NE(std::find(errors.begin(), errors.end(), "order_id is required"), errors.end());
    const QByteArray metrics = m_http->get(QStringLiteral("/metrics")).body;
    EXPECT_GE(metricValue(metrics, QStringLiteral("kse_orders_dead_letters_total")), 2);
}

TEST_F(OrderProcessorComponent, HttpRefusesBadQueriesWithJsonErrors) {
    const auto expectError = [&](const QString& path, int status) {
        const HttpReply reply = m_http->get(path);
        EXPECT_EQ(reply.status, status) << path.toStdString();
        EXPECT_FALSE(QJsonDocument::fromJson(reply.body).object().value(QLatin1String("error")).toString().isEmpty())
            << path.toStdString();
    };
    expectError(QStringLiteral("/api/v1/book/bad%20symbol"), 400);
    expectError(QStringLiteral("/api/v1/book/AAPL?depth=0"), 400);
    expectError(QStringLiteral("/api/v1/book/AAPL?depth=101"), 400);
    expectError(QStringLiteral("/api/v1/book/AAPL?depth=ten"), 400);
    expectError(QStringLiteral("/api/v1/trades/AAPL?limit=0"), 400);
    expectError(QStringLiteral("/api/v1/trades/AAPL?limit=1001"), 400);
    expectError(QStringLiteral("/api/v1/books"), 404);
    // A symbol no order named has an empty book and no trades.
    EXPECT_EQ(m_http->get(QStringLiteral("/api/v1/book/") + m_symbol).body,
              QByteArray(R"({"symbol":")") + m_symbol.toUtf8() + R"(","bids":[],"asks":[],"seq":0})");
    EXPECT_EQ(m_http->get(QStringLiteral("/api/v1/trades/") + m_symbol).body, "[]");
    EXPECT_EQ(m_http->get(QStringLiteral("/api/v1/healthcheck")).status, 200);
}

TEST_F(OrderProcessorComponent, DepthAndLimitShapeTheAnswers) {
    for (int i = 0; i < 14; ++i)
        m_feed->send(limitOrder("b" + std::to_string(i), "alice", symbol(), Side::Buy, 1 + i, 1'000'000 - 100 * i));
    m_feed->send(limitOrder("s", "bob", symbol(), Side::Sell, 4, 990'000)); // b0 (1), b1 (2) and 1 of b2
    ASSERT_TRUE(m_feed->flush());
    ASSERT_EQ(waitForTrades(3).size(), 3);
    const QJsonObject top = book(QStringLiteral("?depth=2"));
    EXPECT_EQ(QJsonDocument(top.value(QLatin1String("bids")).toArray()).toJson(QJsonDocument::Compact),
              "[[99.98,2],[99.97,4]]");
    EXPECT_EQ(book().value(QLatin1String("bids")).toArray().size(), 10); // the default depth
    EXPECT_EQ(book(QStringLiteral("?depth=100")).value(QLatin1String("bids")).toArray().size(), 12);
    const QJsonArray newest =
        jsonArrayOf(m_http->get(QStringLiteral("/api/v1/trades/") + m_symbol + QStringLiteral("?limit=2")));
    ASSERT_EQ(newest.size(), 2);
    EXPECT_EQ(newest[0].toObject().value(QLatin1String("trade_id")).toString(), m_symbol + QStringLiteral("-3"));
    EXPECT_EQ(newest[1].toObject().value(QLatin1String("trade_id")).toString(), m_symbol + QStringLiteral("-2"));
}

// Stopped and started again on the same data directory: the books come back from the Orders
// DB, although the embedded cluster starts empty, and trading goes on where it was.
TEST(OrderProcessorRestart, BooksSurviveARestartOnANewEmbeddedCluster) {
    QTemporaryDir dataDir;
    const std::string symbol = uniqueTag(QStringLiteral("OPR")).toStdString();
    {
        BackendProcess first(processorArguments(dataDir.path()));
        first.start();
        OrderFeed feed(first.brokers().toStdString());
        feed.send(limitOrder("s1", "alice", symbol, Side::Sell, 10, 1'000'000));
        feed.send(limitOrder("b1", "bob", symbol, Side::Buy, 4, 1'000'000));
        ASSERT_TRUE(feed.flush());
        HttpClient http(first.baseUrl());
        ASSERT_TRUE(waitUntil([&] {
            return jsonArrayOf(http.get(QStringLiteral("/api/v1/trades/") + QString::fromStdString(symbol))).size() ==
                   1;
        }));
        ASSERT_EQ(first.terminate(), 0) << first.output().toStdString();
    }
    BackendProcess second(processorArguments(dataDir.path()));
    second.start();
    HttpClient http(second.baseUrl());
    const QString path = QStringLiteral("/api/v1/book/") + QString::fromStdString(symbol);
    // Served from the stored books before any new order arrives.
    ASSERT_TRUE(waitUntil([&] { return http.get(path).body.contains("[[100,6]]"); }))
        << http.get(path).body.toStdString();
    OrderFeed feed(second.brokers().toStdString());
    feed.send(limitOrder("b2", "carol", symbol, Side::Buy, 6, 1'000'000));
    ASSERT_TRUE(feed.flush());
    QJsonArray trades;
    ASSERT_TRUE(waitUntil([&] {
        trades = jsonArrayOf(http.get(QStringLiteral("/api/v1/trades/") + QString::fromStdString(symbol)));
        return trades.size() == 2;
    }));
    EXPECT_EQ(trades[0].toObject().value(QLatin1String("trade_id")).toString().toStdString(), symbol + "-2");
    EXPECT_EQ(trades[0].toObject().value(QLatin1String("sell_order_id")).toString(), QStringLiteral("s1"));
    EXPECT_TRUE(http.get(path).body.contains(R"("asks":[])"));
    EXPECT_EQ(second.terminate(), 0) << second.output().toStdString();
}

} // namespace
