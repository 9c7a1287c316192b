// Real clusters of their own (kafka-zk/local-kafka, on ports of their own): three nodes, where
// topics are created replicated and kept as KSE needs them, found wanting when they are not, and
// every service started at once on the fresh cluster comes up; and one that asks for TLS and
// SASL, where each service runs with its own principal.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>
#include <memory>

#include "contract/topics.h"
#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/scratch_dir.h"
#include "support/wait.h"

using namespace kse::test;

namespace {

// kafka-zk/local-kafka on ports (from `port`) and data of a test's own.
class LocalCluster {
public:
    explicit LocalCluster(const ScratchDir& dir, int port = 19292) {
        m_environment = QProcessEnvironment::systemEnvironment();
        m_environment.insert(QStringLiteral("KSE_KAFKA_PORT"), QString::number(port));
        m_environment.remove(QStringLiteral("KSE_KAFKA_CONTROLLER_PORT"));
        m_environment.insert(QStringLiteral("KSE_KAFKA_DATA"), QString::fromStdString(dir.file("cluster")));
    }
    ~LocalCluster() { run({QStringLiteral("reset")}); }

    bool run(const QStringList& arguments) {
        QProcess process;
        process.setProcessEnvironment(m_environment);
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral(KSE_LOCAL_KAFKA_PATH), arguments);
        const bool done = process.waitForFinished(180'000) && process.exitCode() == 0;
        m_output = QString::fromUtf8(process.readAll());
        return done;
    }
    const QString& output() const { return m_output; }
    QString bootstrap() { return run({QStringLiteral("bootstrap")}) ? m_output.trimmed() : QString(); }
    QString data() const { return m_environment.value(QStringLiteral("KSE_KAFKA_DATA")); }

private:
    QProcessEnvironment m_environment;
    QString m_output;
};

// The fewest replicas of any partition of `topic`, from the cluster's metadata (0: no such topic).
int replicasOf(const QString& brokers, const std::string& topic) {
    std::string error;
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    conf->set("bootstrap.servers", brokers.toStdString(), error);
    std::unique_ptr<RdKafka::Producer> client(RdKafka::Producer::create(conf.get(), error));
    RdKafka::Metadata* raw = nullptr;
    if (!client || client->metadata(true, nullptr, &raw, 10'000) != RdKafka::ERR_NO_ERROR)
        return 0;
    const std::unique_ptr<RdKafka::Metadata> metadata(raw);
    int fewest = 0;
    for (const auto* t : *metadata->topics())
        if (t->topic() == topic)
            for (const auto* p : *t->partitions()) {
                const int replicas = static_cast<int>(p->replicas()->size());
                fewest = fewest == 0 ? replicas : std::min(fewest, replicas);
            }
    return fewest;
}

QJsonArray warningsOf(const BackendProcess& service) {
    const auto health = HttpClient(service.baseUrl()).get(QStringLiteral("/api/v1/healthcheck"));
    EXPECT_EQ(health.status, 200) << health.body.toStdString();
    return QJsonDocument::fromJson(health.body).object().value(QLatin1String("warnings")).toArray();
}

QStringList on(const QString& service, const QString& brokers, const ScratchDir& dir, const QStringList& more = {}) {
    return QStringList{service,
                       QStringLiteral("--port"),
                       QStringLiteral("0"),
                       QStringLiteral("--brokers"),
                       brokers,
                       QStringLiteral("--data-dir"),
                       QString::fromStdString(dir.file(service.toStdString()))} +
           more;
}

} // namespace

TEST(ClusterTopicsE2E, TopicsAreReplicatedAndKeptAsKseNeedsAndTopicsThatAreNotAreReported) {
    const ScratchDir dir("cluster-topics");
    LocalCluster cluster(dir);
    ASSERT_TRUE(cluster.run({QStringLiteral("start"), QStringLiteral("--nodes"), QStringLiteral("3")}))
        << cluster.output().toStdString();
    const QString brokers = cluster.bootstrap();
    ASSERT_EQ(brokers.count(QLatin1Char(',')), 2) << brokers.toStdString();

    // Every service at once on the fresh cluster: each creates or finds the topics, waits for
    // their leaders, and serves; none trips over another's half-made topics.
    std::vector<std::unique_ptr<BackendProcess>> services;
    for (const QString& service :
         {QStringLiteral("platform-api"), QStringLiteral("user-analytics"), QStringLiteral("stock-ingestor"),
          QStringLiteral("stock-aggregator"), QStringLiteral("order-processor")})
        services.push_back(std::make_unique<BackendProcess>(on(service, brokers, dir)));
    for (auto& service : services)
        service->start(120'000);
    for (auto& service : services)
        ASSERT_TRUE(waitUntil([&] {
            return HttpClient(service->baseUrl()).get(QStringLiteral("/api/v1/healthcheck")).status == 200;
        })) << service->output().toStdString();
    for (const std::string& topic : kse::topics::all())
        EXPECT_EQ(replicasOf(brokers, topic), 3) << topic;
    for (auto& service : services)
        EXPECT_EQ(service->terminate(), 0) << service->output().toStdString();

    // Started again, the ingestor finds them as it made them: three replicas, two in sync for a
    // write, each kept as long as it must be. Nothing to warn of.
    BackendProcess again(on(QStringLiteral("stock-ingestor"), brokers, dir));
    again.start(60'000);
    EXPECT_TRUE(warningsOf(again).isEmpty()) << again.output().toStdString();
    EXPECT_EQ(again.terminate(), 0);

    // More replicas than brokers cannot be: the start stops, saying so.
    QProcess tooMany;
    tooMany.setProcessChannelMode(QProcess::MergedChannels);
    tooMany.start(QStringLiteral(KSE_BACKEND_PATH), on(QStringLiteral("stock-ingestor"), brokers, dir,
                                                       {QStringLiteral("--replication-factor"), QStringLiteral("4")}));
    ASSERT_TRUE(tooMany.waitForFinished(60'000));
    EXPECT_EQ(tooMany.exitCode(), 1);
    EXPECT_TRUE(QString::fromUtf8(tooMany.readAll()).contains(QLatin1String("replication factor 4 asked for")));

    // Topics made with one replica (as a cluster's defaults may make them): each service says
    // so at start and on its healthcheck, and runs.
    ASSERT_TRUE(cluster.run({QStringLiteral("reset")}));
    ASSERT_TRUE(cluster.run({QStringLiteral("start"), QStringLiteral("--nodes"), QStringLiteral("3")}))
        << cluster.output().toStdString();
    BackendProcess single(on(QStringLiteral("stock-ingestor"), brokers, dir,
                             {QStringLiteral("--replication-factor"), QStringLiteral("1")}));
    single.start(60'000);
    EXPECT_TRUE(warningsOf(single).isEmpty());
    EXPECT_EQ(single.terminate(), 0);
    EXPECT_EQ(replicasOf(brokers, kse::topics::kOrders), 1);
    BackendProcess wanting(on(QStringLiteral("stock-ingestor"), brokers, dir));
    wanting.start(60'000);
    const QJsonArray warnings = warningsOf(wanting);
    EXPECT_EQ(warnings.size(), static_cast<qsizetype>(kse::topics::all().size())) << wanting.output().toStdString();
    EXPECT_TRUE(warnings.contains(QStringLiteral(
        "topic orders: 1 replica a partition, below the 3 asked for: losing a broker can lose its messages")));
    EXPECT_TRUE(wanting.output().contains(QLatin1String("WARN  kafka-admin topic orders: 1 replica a partition")));
    EXPECT_EQ(wanting.terminate(), 0);
}

// The system on a cluster that asks for TLS and SASL (local-kafka start --sasl: SASL_SSL with
// PLAIN, a CA of its own), each service with its own principal's --kafka-config: ticks go in
// through the ingestor and come out as candles of the aggregator; a wrong password stops a
// service's start at once, saying why.
TEST(SecuredClusterE2E, ServicesRunOverSaslSslWithTheirOwnPrincipalsAndWrongCredentialsStopTheStart) {
    const ScratchDir dir("secured-cluster");
    LocalCluster cluster(dir, 19392);
    ASSERT_TRUE(cluster.run({QStringLiteral("start"), QStringLiteral("--sasl")})) << cluster.output().toStdString();
    const auto principal = [&](const QString& name) {
        return cluster.data() + QStringLiteral("/sasl/") + name + QStringLiteral(".properties");
    };
    const auto service = [&](const QString& name, const QString& config) {
        return QStringList{name,
                           QStringLiteral("--port"),
                           QStringLiteral("0"),
                           QStringLiteral("--data-dir"),
                           QString::fromStdString(dir.file(name.toStdString())),
                           QStringLiteral("--kafka-config"),
                           config};
    };
    BackendProcess ingestor(service(QStringLiteral("stock-ingestor"), principal(QStringLiteral("kse-stock-ingestor"))));
    ingestor.start(60'000);
    BackendProcess aggregator(
        service(QStringLiteral("stock-aggregator"), principal(QStringLiteral("kse-stock-aggregator"))));
    aggregator.start(60'000);
    ASSERT_EQ(HttpClient(ingestor.baseUrl())
                  .post(QStringLiteral("/api/v1/stock"), R"({"id":1,"name":"SECURE","price":12.5,"volume":10})")
                  .status,
              201)
        << ingestor.output().toStdString();
    HttpClient candles(aggregator.baseUrl());
    ASSERT_TRUE(waitUntil(
        [&] { return candles.get(QStringLiteral("/api/v1/stocks/SECURE")).body.contains("\"price\":12.5"); }, 60'000))
        << aggregator.output().toStdString();
    EXPECT_EQ(aggregator.terminate(), 0);
    EXPECT_EQ(ingestor.terminate(), 0);

    // The ingestor's file with another password: refused by the cluster, and the start stops.
    QFile good(principal(QStringLiteral("kse-stock-ingestor")));
    ASSERT_TRUE(good.open(QIODevice::ReadOnly));
    QByteArray text = good.readAll();
    text.replace(text.indexOf("sasl.password="), text.size(), "sasl.password=not-the-password\n");
    const QString wrong = QString::fromStdString(dir.write("wrong.properties", text.toStdString()));
    QProcess refused;
    refused.setProcessChannelMode(QProcess::MergedChannels);
    refused.start(QStringLiteral(KSE_BACKEND_PATH), service(QStringLiteral("stock-ingestor"), wrong));
    ASSERT_TRUE(refused.waitForFinished(60'000));
    const QString output = QString::fromUtf8(refused.readAll());
    EXPECT_EQ(refused.exitCode(), 1) << output.toStdString();
    EXPECT_TRUE(output.contains(QLatin1String("refused this client (check --kafka-config)"))) << output.toStdString();
    EXPECT_TRUE(output.contains(QLatin1String("Invalid username or password"))) << output.toStdString();
}
