// The stock ingestor as a real process on its embedded Kafka cluster, driven over real HTTP.
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <gtest/gtest.h>
#include <memory>
#include <set>

#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/metrics_text.h"
#include "support/scratch_dir.h"
#include "support/topic_reader.h"
#include "support/wait.h"

using namespace kse::test;

namespace {

const std::string kTopic = "stock-ingress";
const QString kPublished = QStringLiteral("kse_ticks_published_total");

std::vector<Record> recordsWithKey(const std::string& brokers, const std::string& key) {
    std::vector<Record> out;
    for (auto& record : readTopic(brokers, kTopic))
        if (record.key == key)
            out.push_back(std::move(record));
    return out;
}

class StockIngestorComponent : public testing::Test {
protected:
    static void SetUpTestSuite() {
        s_backend = std::make_unique<BackendProcess>(
            QStringList{QStringLiteral("stock-ingestor"), QStringLiteral("--port"), QStringLiteral("0")});
        s_backend->start();
    }
    static void TearDownTestSuite() {
        if (s_backend) {
            EXPECT_EQ(s_backend->terminate(), 0) << s_backend->output().toStdString();
        }
        s_backend.reset();
    }
    void SetUp() override {
        ASSERT_TRUE(s_backend && s_backend->running());
        ASSERT_FALSE(s_backend->brokers().isEmpty()) << "no embedded cluster announced";
        m_http = std::make_unique<HttpClient>(s_backend->baseUrl());
    }
    std::string brokers() const { return s_backend->brokers().toStdString(); }
    double published() { return metricValue(m_http->get(QStringLiteral("/metrics")).body, kPublished); }
    // Waits until `count` messages keyed `key` are in the topic and returns them.
    std::vector<Record> waitForKey(const std::string& key, std::size_t count) {
        std::vector<Record> found;
        waitUntil([&] { return (found = recordsWithKey(brokers(), key)).size() >= count; }, 20'000);
        return found;
    }

    static std::unique_ptr<BackendProcess> s_backend;
    std::unique_ptr<HttpClient> m_http;
};

std::unique_ptr<BackendProcess> StockIngestorComponent::s_backend;

} // namespace

TEST_F(StockIngestorComponent, PostStockPutsTheExactMessageOnStockIngress) {
    const auto reply = m_http->post(QStringLiteral("/api/v1/stock"),
                                    R"({"id":11,"name":"CMPA","price":187.25,"volume":300,"ts":1700000000000})");
    EXPECT_EQ(reply.status, 201);
    EXPECT_EQ(reply.body.toStdString(), R"({"message":"Successfully added stock."})");
    const auto records = waitForKey("CMPA", 1);
    ASSERT_EQ(records.size(), 1U);
    EXPECT_EQ(records[0].value, R"({"id":11,"name":"CMPA","price":187.25,"volume":300,"ts":1700000000000})");
}

TEST_F(StockIngestorComponent, MissingTsIsFilledWithTheTimeOfArrival) {
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    ASSERT_EQ(m_http->post(QStringLiteral("/api/v1/stock"), R"({"id":1,"name":"CMPB","price":0.1})").status, 201);
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    const auto records = waitForKey("CMPB", 1);
    ASSERT_EQ(records.size(), 1U);
    const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(records[0].value)).object();
    EXPECT_EQ(json.value(QLatin1String("price")).toDouble(), 0.1);
    const auto ts = static_cast<qint64>(json.value(QLatin1String("ts")).toDouble());
    EXPECT_GE(ts, before);
    EXPECT_LE(ts, after);
}

TEST_F(StockIngestorComponent, BatchIsAllOrNothing) {
    const double publishedBefore = published();
    const auto bad = m_http->post(QStringLiteral("/api/v1/stocks"),
                                  R"([{"id":1,"name":"CMPC","price":1},{"id":2,"name":"CMPC","price":2},)"
                                  R"({"id":3,"name":"CMPC","price":-3}])");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.body.toStdString(), R"({"error":"stock 2: Price must be a non-negative number"})");
    EXPECT_EQ(published(), publishedBefore) << "a refused batch must produce nothing";

    const auto good = m_http->post(QStringLiteral("/api/v1/stocks"),
                                   R"([{"id":4,"name":"CMPC","price":4},{"id":5,"name":"CMPC","price":5}])");
    EXPECT_EQ(good.status, 201);
    EXPECT_EQ(good.body.toStdString(), R"({"message":"Successfully added 2 stocks.","count":2})");
    const auto records = waitForKey("CMPC", 2);
    std::set<std::string> values;
    for (const auto& r : records)
        values.insert(r.value.substr(0, r.value.find(",\"ts\"")));
    EXPECT_EQ(values,
              (std::set<std::string>{R"({"id":4,"name":"CMPC","price":4)", R"({"id":5,"name":"CMPC","price":5)"}))
        << "only the valid batch may reach the topic";
}

TEST_F(StockIngestorComponent, BadRequestsAnswer4xxAndProduceNothing) {
    const double publishedBefore = published();
    const std::int64_t endBefore = endOffsetSum(brokers(), kTopic);
    const std::vector<std::tuple<QString, QByteArray, int, std::string>> cases{
        {QStringLiteral("/api/v1/stock"), R"({"id":1,"name":"","price":1})", 400, "Name cannot be empty"},
        {QStringLiteral("/api/v1/stock"), R"({"id":0,"name":"CMPD","price":1})", 400, "ID cannot be empty"},
        {QStringLiteral("/api/v1/stock"), R"({"id":1,"name":"CMPD","price":-1})", 400,
         "Price must be a non-negative number"},
        {QStringLiteral("/api/v1/stock"), R"({"id":1,"name":"CMPD","price":1.00001})", 400,
         "Price must have at most 4 decimals"},
        {QStringLiteral("/api/v1/stock"), R"({"id":1,"name":"CMPD","price":NaN})", 400, "invalid JSON"},
        {QStringLiteral("/api/v1/stock"), R"({"id":1,"name":"CMPD")", 400, "invalid JSON"},
        {QStringLiteral("/api/v1/stock"), "", 400, "request body is empty"},
        {QStringLiteral("/api/v1/stocks"), R"({"id":1,"name":"CMPD","price":1})", 400, "a JSON array"},
        {QStringLiteral("/api/v1/stocks"), "[]", 400, "holds no stocks"},
        {QStringLiteral("/api/v1/stock"), QByteArray(2 << 20, ' '), 413, "larger than"},
        {QStringLiteral("/api/v1/stocks"), "[" + QByteArray(2 << 20, ' ') + "]", 413, "larger than"},
    };
    for (const auto& [path, body, status, error] : cases) {
        const auto reply = m_http->post(path, body);
        EXPECT_EQ(reply.status, status) << body.left(60).toStdString();
        const auto json = QJsonDocument::fromJson(reply.body).object();
        EXPECT_TRUE(json.value(QLatin1String("error")).toString().toStdString().find(error) != std::string::npos)
            << reply.body.toStdString();
    }
    EXPECT_EQ(published(), publishedBefore);
    // A marker tick proves the producer is moving; nothing else may have arrived with it.
    ASSERT_EQ(m_http->post(QStringLiteral("/api/v1/stock"), R"({"id":1,"name":"CMPD","price":1})").status, 201);
    ASSERT_EQ(waitForKey("CMPD", 1).size(), 1U);
    EXPECT_EQ(endOffsetSum(brokers(), kTopic), endBefore + 1);
}

TEST_F(StockIngestorComponent, HealthcheckMetricsAndUnknownRoutes) {
    const auto health = m_http->get(QStringLiteral("/api/v1/healthcheck"));
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(QJsonDocument::fromJson(health.body).object().value(QLatin1String("message")).toString(),
              QStringLiteral("OK"));

    ASSERT_EQ(m_http->post(QStringLiteral("/api/v1/stock"), R"({"id":1,"name":"CMPE","price":1})").status, 201);
    ASSERT_EQ(m_http->post(QStringLiteral("/api/v1/stock"), R"({"id":0,"name":"CMPE","price":1})").status, 400);
    const QByteArray metrics = m_http->get(QStringLiteral("/metrics")).body;
    EXPECT_GE(metricValue(metrics, QStringLiteral(
                                       R"(kse_http_requests_total{route="/api/v1/stock",method="POST",status="201"})")),
              1);
    EXPECT_GE(metricValue(metrics, QStringLiteral(
                                       R"(kse_http_requests_total{route="/api/v1/stock",method="POST",status="400"})")),
              1);
    EXPECT_GE(metricValue(metrics, QStringLiteral("kse_kafka_queue_depth")), 0);
    EXPECT_EQ(metricValue(metrics, QStringLiteral("kse_kafka_brokers_reachable")), 1);
    EXPECT_TRUE(waitUntil([&] {
        return metricValue(m_http->get(QStringLiteral("/metrics")).body, QStringLiteral("kse_kafka_produced_total")) >=
               metricValue(metrics, kPublished);
    })) << "every published tick is acknowledged";

    const auto missing = m_http->get(QStringLiteral("/api/v1/nothing"));
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.body.toStdString(), R"({"error":"no endpoint GET /api/v1/nothing"})");
    EXPECT_EQ(m_http->get(QStringLiteral("/api/v1/stock")).status, 405);
}

TEST(StockIngestorSimulator, FeedsTheChosenSymbols) {
    BackendProcess backend({QStringLiteral("stock-ingestor"), QStringLiteral("--port"), QStringLiteral("0"),
                            QStringLiteral("--simulate"), QStringLiteral("SIMA,SIMB"), QStringLiteral("--rate"),
                            QStringLiteral("400")});
    backend.start();
    std::vector<Record> records;
    ASSERT_TRUE(waitUntil([&] { return (records = readTopic(backend.brokers().toStdString(), kTopic)).size() >= 200; }))
        << "the simulator should produce 400 ticks a second";
    std::set<std::string> keys;
    for (const auto& record : records) {
        keys.insert(record.key);
        const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(record.value)).object();
        EXPECT_EQ(json.value(QLatin1String("name")).toString().toStdString(), record.key);
        EXPECT_GT(json.value(QLatin1String("price")).toDouble(), 0);
        EXPECT_GT(json.value(QLatin1String("volume")).toDouble(), 0);
    }
    EXPECT_EQ(keys, (std::set<std::string>{"SIMA", "SIMB"}));
    EXPECT_EQ(backend.terminate(), 0);
}

// --kafka-config reaches the service's Kafka clients: a file naming the brokers and tuning them
// runs an ingestor on this cluster; a file with security settings the cluster does not speak
// stops the start at once, with the cluster's reason, instead of a service that cannot deliver.
TEST_F(StockIngestorComponent, KafkaClientPropertiesComeFromTheConfigFile) {
    const ScratchDir dir("kafka-config");
    const auto path = [&](const std::string& name) { return QString::fromStdString(dir.file(name)); };
    const auto write = [&](const std::string& name, const std::string& text) {
        return QString::fromStdString(dir.write(name, text));
    };
    const QString tuned = write("tuned.properties", "# this cluster, tuned\nbootstrap.servers=" + brokers() +
                                                        "\nlinger.ms=0\nsocket.keepalive.enable=true\n");
    BackendProcess second({QStringLiteral("stock-ingestor"), QStringLiteral("--port"), QStringLiteral("0"),
                           QStringLiteral("--data-dir"), path("data"), QStringLiteral("--kafka-config"), tuned});
    second.start();
    HttpClient http(second.baseUrl());
    ASSERT_EQ(http.post(QStringLiteral("/api/v1/stock"),
                        R"({"id":12,"name":"CMPCFG","price":10.5,"volume":1,"ts":1700000000000})")
                  .status,
              201);
    EXPECT_EQ(waitForKey("CMPCFG", 1).size(), 1U);
    EXPECT_EQ(second.terminate(), 0);

    const QString sasl =
        write("sasl.properties", "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.username=kse\n"
                                 "sasl.password=not-here\n");
    QProcess refused;
    refused.setProcessChannelMode(QProcess::MergedChannels);
    refused.start(QStringLiteral(KSE_BACKEND_PATH),
                  {QStringLiteral("stock-ingestor"), QStringLiteral("--port"), QStringLiteral("0"),
                   QStringLiteral("--data-dir"), path("data2"), QStringLiteral("--brokers"), s_backend->brokers(),
                   QStringLiteral("--kafka-config"), sasl});
    ASSERT_TRUE(refused.waitForFinished(20'000));
    const QString output = QString::fromUtf8(refused.readAll());
    EXPECT_EQ(refused.exitCode(), 1) << output.toStdString();
    EXPECT_TRUE(output.contains(QLatin1String("refused this client (check --kafka-config)"))) << output.toStdString();
    EXPECT_TRUE(output.contains(QLatin1String("SASL"))) << output.toStdString();
}
