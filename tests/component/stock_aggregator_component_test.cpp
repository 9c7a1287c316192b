// The ingestor and the aggregator in one real process (`kse-backend all`) on its embedded Kafka:
// prices in over HTTP or straight into Kafka, candles out over HTTP and on stock-aggregates.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <memory>

#include "kafka/producer.h"
#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/metrics_text.h"
#include "support/produce_one.h"
#include "support/topic_reader.h"
#include "support/wait.h"

using namespace kse::test;

namespace {

const QString kIngestor = QStringLiteral("stock-ingestor");
const QString kAggregator = QStringLiteral("stock-aggregator");

class StockAggregatorComponent : public testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dataDir = std::make_unique<QTemporaryDir>();
        s_backend = std::make_unique<BackendProcess>(
            QStringList{QStringLiteral("all"), QStringLiteral("--port"), QStringLiteral("0"),
                        QStringLiteral("--data-dir"), s_dataDir->path(), QStringLiteral("--no-market-maker")});
        s_backend->start();
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
        ASSERT_NE(s_backend->port(kAggregator), 0) << s_backend->output().toStdString();
        m_ingest = std::make_unique<HttpClient>(s_backend->baseUrl(kIngestor));
        m_query = std::make_unique<HttpClient>(s_backend->baseUrl(kAggregator));
    }
    std::string brokers() const { return s_backend->brokers().toStdString(); }
    // The symbol's statistics once `count` prices were aggregated (or what there is at the timeout).
    QJsonObject waitForCount(const QString& symbol, int count) {
        QJsonObject stock;
        waitUntil([&] {
            const auto reply = m_query->get(QStringLiteral("/api/v1/stocks/") + symbol);
            stock = QJsonDocument::fromJson(reply.body).object();
            return reply.status == 200 && stock.value(QLatin1String("count")).toInt() >= count;
        });
        return stock;
    }
    void produce(const std::string& topic, const std::string& key, const std::string& value) {
        ASSERT_TRUE(produceOne(brokers(), topic, key, value));
    }

    static std::unique_ptr<QTemporaryDir> s_dataDir;
    static std::unique_ptr<BackendProcess> s_backend;
    std::unique_ptr<HttpClient> m_ingest;
    std::unique_ptr<HttpClient> m_query;
};

std::unique_ptr<QTemporaryDir> StockAggregatorComponent::s_dataDir;
std::unique_ptr<BackendProcess> StockAggregatorComponent::s_backend;

} // namespace

TEST_F(StockAggregatorComponent, TicksPostedToTheIngestorBecomeCandles) {
    const qint64 t = 1'790'000'000'000; // a fixed minute, so the candles are known exactly
    const QList<QByteArray> ticks{
        R"({"id":1,"name":"AGGA","price":100.5,"volume":10,"ts":1790000000100})",
        R"({"id":2,"name":"AGGA","price":101,"volume":30,"ts":1790000000900})",
        R"({"id":3,"name":"AGGA","price":99.75,"volume":20,"ts":1790000001500})",
    };
    for (const auto& tick : ticks)
        ASSERT_EQ(m_ingest->post(QStringLiteral("/api/v1/stock"), tick).status, 201);
    const QJsonObject stock = waitForCount(QStringLiteral("AGGA"), 3);
    EXPECT_EQ(stock.value(QLatin1String("count")).toInt(), 3);
    EXPECT_EQ(stock.value(QLatin1String("volume")).toInt(), 60);
    EXPECT_EQ(stock.value(QLatin1String("price")).toDouble(), 99.75);
    EXPECT_EQ(stock.value(QLatin1String("high")).toDouble(), 101);
    EXPECT_EQ(stock.value(QLatin1String("updated")).toInteger(), t + 1500);

    const auto seconds =
        QJsonDocument::fromJson(m_query->get(QStringLiteral("/api/v1/stocks/AGGA/candles?interval=1s")).body).array();
    ASSERT_EQ(seconds.size(), 2);
    const QJsonObject first = seconds[0].toObject();
    EXPECT_EQ(first.value(QLatin1String("start")).toInteger(), t);
    EXPECT_EQ(first.value(QLatin1String("open")).toDouble(), 100.5);
    EXPECT_EQ(first.value(QLatin1String("close")).toDouble(), 101);
    EXPECT_EQ(first.value(QLatin1String("volume")).toInt(), 40);
    EXPECT_EQ(first.value(QLatin1String("vwap")).toDouble(), 100.875); // (100.5·10 + 101·30) / 40
    EXPECT_TRUE(first.value(QLatin1String("final")).toBool()) << "a window long past is final";

    const auto minute =
        QJsonDocument::fromJson(m_query->get(QStringLiteral("/api/v1/stocks/AGGA/candles?interval=1m&limit=1")).body)
            .array();
    ASSERT_EQ(minute.size(), 1);
    EXPECT_EQ(minute[0].toObject().value(QLatin1String("count")).toInt(), 3);
    EXPECT_EQ(minute[0].toObject().value(QLatin1String("low")).toDouble(), 99.75);

    // And on stock-aggregates, for the desktop and the platform API.
    bool sawFinalMinute = false;
    waitUntil([&] {
        for (const auto& record : readTopic(brokers(), "stock-aggregates")) {
            const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(record.value)).object();
            if (record.key == "AGGA" && json.value(QLatin1String("interval")).toString() == QStringLiteral("1m") &&
                json.value(QLatin1String("final")).toBool() && json.value(QLatin1String("count")).toInt() == 3)
                sawFinalMinute = true;
        }
        return sawFinalMinute;
    });
    EXPECT_TRUE(sawFinalMinute) << "the final 1m candle with all three ticks is published";
}

TEST_F(StockAggregatorComponent, OriginalFormatFromAPlainKafkaClientIsAggregated) {
    produce("stock-ingress", "AGGB", "187.250000");
    const QJsonObject stock = waitForCount(QStringLiteral("AGGB"), 1);
    EXPECT_EQ(stock.value(QLatin1String("price")).toDouble(), 187.25);
    EXPECT_EQ(stock.value(QLatin1String("volume")).toInt(), 0);
}

TEST_F(StockAggregatorComponent, TradesArePricesToo) {
    produce("trades", "AGGC",
            R"({"trade_id":"T1","symbol":"AGGC","price":42.5,"qty":7,"buy_order_id":"b","sell_order_id":"s",)"
            R"("buyer":"u1","seller":"u2","aggressor":"buy","ts":1790000000000})");
    const QJsonObject stock = waitForCount(QStringLiteral("AGGC"), 1);
    EXPECT_EQ(stock.value(QLatin1String("price")).toDouble(), 42.5);
    EXPECT_EQ(stock.value(QLatin1String("volume")).toInt(), 7);
}

TEST_F(StockAggregatorComponent, UnparseableMessagesGoToDeadLettersAndTheConsumerCarriesOn) {
    produce("stock-ingress", "AGGD", R"({"id":1,"name":"AGGD","price":"high"})");
    produce("stock-ingress", "AGGD", R"({"id":2,"name":"AGGD","price":3,"volume":5})");
    const QJsonObject stock = waitForCount(QStringLiteral("AGGD"), 1);
    EXPECT_EQ(stock.value(QLatin1String("count")).toInt(), 1);
    EXPECT_EQ(stock.value(QLatin1String("volume")).toInt(), 5);
    QJsonObject letter;
    waitUntil([&] {
        for (const auto& record : readTopic(brokers(), "dead-letters"))
            if (record.value.find("AGGD") != std::string::npos)
                letter = QJsonDocument::fromJson(QByteArray::fromStdString(record.value)).object();
        return !letter.isEmpty();
    });
    EXPECT_EQ(letter.value(QLatin1String("topic")).toString(), QStringLiteral("stock-ingress"));
    EXPECT_EQ(letter.value(QLatin1String("error")).toString(), QStringLiteral("Price must be a non-negative number"));
    EXPECT_EQ(letter.value(QLatin1String("payload")).toString(),
              QStringLiteral(R"({"id":1,"name":"AGGD","price":"high"})"));
    EXPECT_GE(
        metricValue(m_query->get(QStringLiteral("/metrics")).body, QStringLiteral("kse_aggregator_dead_letters_total")),
        1);
}

TEST_F(StockAggregatorComponent, QueryErrors) {
    // Until the group has given it partitions it owns no symbol: 421, not a guess.
    ASSERT_TRUE(waitUntil([&] {
        return metricValue(m_query->get(QStringLiteral("/metrics")).body,
                           QStringLiteral("kse_aggregator_partitions")) >= 1;
    }));
    EXPECT_EQ(m_query->get(QStringLiteral("/api/v1/stocks/NOSUCH")).status, 404);
    EXPECT_EQ(m_query->get(QStringLiteral("/api/v1/stocks/NOSUCH/candles")).status, 404);
    ASSERT_EQ(m_ingest->post(QStringLiteral("/api/v1/stock"), R"({"id":1,"name":"AGGE","price":1})").status, 201);
    waitForCount(QStringLiteral("AGGE"), 1);
    const auto badInterval = m_query->get(QStringLiteral("/api/v1/stocks/AGGE/candles?interval=2m"));
    EXPECT_EQ(badInterval.status, 400);
    EXPECT_EQ(badInterval.body.toStdString(), R"x({"error":"interval must be one of 1s, 1m, 5m, 1h (got '2m')"})x");
    EXPECT_EQ(m_query->get(QStringLiteral("/api/v1/stocks/AGGE/candles?limit=0")).status, 400);
    EXPECT_EQ(m_query->get(QStringLiteral("/api/v1/stocks/AGGE/candles?from=x")).status, 400);
    EXPECT_EQ(m_query->get(QStringLiteral("/api/v1/stocks/AGGE/candles?from=10&to=5")).status, 400);
    const auto stocks = QJsonDocument::fromJson(m_query->get(QStringLiteral("/api/v1/stocks")).body).array();
    EXPECT_FALSE(stocks.isEmpty());
}

TEST_F(StockAggregatorComponent, HealthcheckReportsARunningAggregation) {
    const auto health = m_query->get(QStringLiteral("/api/v1/healthcheck"));
    EXPECT_EQ(health.status, 200);
    const auto json = QJsonDocument::fromJson(health.body).object();
    EXPECT_EQ(json.value(QLatin1String("message")).toString(), QStringLiteral("OK"));
    EXPECT_EQ(json.value(QLatin1String("service")).toString(), QStringLiteral("stock-aggregator"));
}
