// Real clusters of their own (kafka-zk/local-kafka, on ports of their own): three nodes, where
// topics are created replicated and kept as KSE needs them, found wanting when they are not, and
// every service started at once on the fresh cluster comes up; and one that asks for TLS and
// SASL and authorizes every request, where each service runs as its own principal with only the
// rights it needs.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>
#include <memory>

#include "contract/topics.h"
#include "kafka/kafka_client_config.h"
#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/json_reply.h"
#include "support/local_cluster.h"
#include "support/scratch_dir.h"
#include "support/signed_in.h"
#include "support/wait.h"

using namespace kse::test;

namespace {

// The fewest replicas of any partition of `topic`, from the cluster's metadata (0: no such topic).
int replicasOf(const QString& brokers, const std::string& topic) {
    int fewest = 0;
    for (const PartitionState& p : partitionStates(brokers, {topic}, 10'000)) {
        const int replicas = static_cast<int>(p.replicas.size());
        fewest = fewest == 0 ? replicas : std::min(fewest, replicas);
    }
    return fewest;
}

// One message to `topic` from a producer of its own with the --kafka-config file `config` (a
// principal's): what the broker said of it, empty when it was stored.
std::string produceAs(const QString& config, const std::string& topic, const std::string& value) {
    class Delivery : public RdKafka::DeliveryReportCb {
    public:
        void dr_cb(RdKafka::Message& message) override { result = message.err(); }
        RdKafka::ErrorCode result = RdKafka::ERR__IN_PROGRESS;
    };
    const auto kafka = kse::KafkaClientConfig::load(config.toStdString());
    if (!kafka)
        return kafka.error();
    std::string error;
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    Delivery delivery;
    conf->set("bootstrap.servers", kafka.value().brokers, error);
    for (const auto& [key, setting] : kafka.value().properties)
        conf->set(key, setting, error);
    conf->set("message.timeout.ms", "20000", error);
    conf->set("dr_cb", &delivery, error);
    std::unique_ptr<RdKafka::Producer> producer(RdKafka::Producer::create(conf.get(), error));
    if (!producer)
        return error;
    std::string payload = value;
    const auto queued = producer->produce(topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
                                          payload.data(), payload.size(), nullptr, 0, 0, nullptr);
    if (queued != RdKafka::ERR_NO_ERROR)
        return RdKafka::err2str(queued);
    producer->flush(30'000);
    return delivery.result == RdKafka::ERR_NO_ERROR ? std::string() : RdKafka::err2str(delivery.result);
}

QJsonArray warningsOf(const BackendProcess& service) {
    const auto health = HttpClient(service.baseUrl()).get(QStringLiteral("/api/v1/healthcheck"));
    EXPECT_EQ(health.status, 200) << health.body.toStdString();
    return QJsonDocument::fromJson(health.body).object().value(QLatin1String("warnings")).toArray();
}

} // namespace

TEST(ClusterTopicsE2E, TopicsAreReplicatedAndKeptAsKseNeedsAndTopicsThatAreNotAreReported) {
    const ScratchDir dir("cluster-topics");
    LocalCluster cluster(dir, 19292);
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
        services.push_back(std::make_unique<BackendProcess>(serviceOnCluster(service, brokers, dir)));
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
    BackendProcess again(serviceOnCluster(QStringLiteral("stock-ingestor"), brokers, dir));
    again.start(60'000);
    EXPECT_TRUE(warningsOf(again).isEmpty()) << again.output().toStdString();
    EXPECT_EQ(again.terminate(), 0);

    // More replicas than brokers cannot be: the start stops, saying so.
    QProcess tooMany;
    tooMany.setProcessChannelMode(QProcess::MergedChannels);
    tooMany.start(QStringLiteral(KSE_BACKEND_PATH),
                  serviceOnCluster(QStringLiteral("stock-ingestor"), brokers, dir,
                                   {QStringLiteral("--replication-factor"), QStringLiteral("4")}));
    ASSERT_TRUE(tooMany.waitForFinished(60'000));
    EXPECT_EQ(tooMany.exitCode(), 1);
    EXPECT_TRUE(QString::fromUtf8(tooMany.readAll()).contains(QLatin1String("replication factor 4 asked for")));

    // Topics made with one replica (as a cluster's defaults may make them): each service says
    // so at start and on its healthcheck, and runs.
    ASSERT_TRUE(cluster.run({QStringLiteral("reset")}));
    ASSERT_TRUE(cluster.run({QStringLiteral("start"), QStringLiteral("--nodes"), QStringLiteral("3")}))
        << cluster.output().toStdString();
    BackendProcess single(serviceOnCluster(QStringLiteral("stock-ingestor"), brokers, dir,
                                           {QStringLiteral("--replication-factor"), QStringLiteral("1")}));
    single.start(60'000);
    EXPECT_TRUE(warningsOf(single).isEmpty());
    EXPECT_EQ(single.terminate(), 0);
    EXPECT_EQ(replicasOf(brokers, kse::topics::kOrders), 1);
    BackendProcess wanting(serviceOnCluster(QStringLiteral("stock-ingestor"), brokers, dir));
    wanting.start(60'000);
    const QJsonArray warnings = warningsOf(wanting);
    EXPECT_EQ(warnings.size(), static_cast<qsizetype>(kse::topics::all().size())) << wanting.output().toStdString();
    EXPECT_TRUE(warnings.contains(QStringLiteral(
        "topic orders: 1 replica a partition, below the 3 asked for: losing a broker can lose its messages")));
    EXPECT_TRUE(wanting.output().contains(QLatin1String("WARN  kafka-admin topic orders: 1 replica a partition")));
    EXPECT_EQ(wanting.terminate(), 0);
}

// The system on a cluster that asks for TLS and SASL and authorizes every request (local-kafka
// start --sasl: SASL_SSL with PLAIN, a CA of its own, the rights of kafka-zk/kse-acls), each service
// with its own principal's --kafka-config: ticks go in through the ingestor and come out as
// candles of the aggregator, an order pair crosses and is settled and counted; a principal writing
// where it has no right (a forged trade) is refused by the broker; a wrong password stops a
// service's start at once, saying why.
TEST(SecuredClusterE2E, EachServiceRunsAsItsOwnPrincipalWithOnlyItsRightsAndWrongCredentialsStopTheStart) {
    const ScratchDir dir("secured-cluster");
    LocalCluster cluster(dir, 19392);
    ASSERT_TRUE(cluster.run({QStringLiteral("start"), QStringLiteral("--sasl")})) << cluster.output().toStdString();
    EXPECT_TRUE(cluster.output().contains(QLatin1String("ACLs granted"))) << cluster.output().toStdString();
    const auto principal = [&](const QString& name) { return cluster.principal(name); };
    const auto service = [&](const QString& name, const QString& config, const QStringList& more = {}) {
        return serviceAsPrincipal(name, config, dir, more);
    };
    const auto own = [&](const QString& name) { return service(name, principal(QStringLiteral("kse-") + name)); };
    BackendProcess processor(own(QStringLiteral("order-processor")));
    BackendProcess analytics(own(QStringLiteral("user-analytics")));
    BackendProcess ingestor(own(QStringLiteral("stock-ingestor")));
    BackendProcess aggregator(own(QStringLiteral("stock-aggregator")));
    for (BackendProcess* started : {&processor, &analytics, &ingestor, &aggregator})
        started->start(60'000);
    BackendProcess platform(
        service(QStringLiteral("platform-api"), principal(QStringLiteral("kse-platform-api")),
                {QStringLiteral("--create-admin"), QStringLiteral("admin"), QStringLiteral("--no-market-maker"),
                 QStringLiteral("--order-processor-url"), processor.baseUrl(), QStringLiteral("--user-analytics-url"),
                 analytics.baseUrl()}));
    platform.setEnvironment({{QStringLiteral("KSE_ADMIN_PASSWORD"), QStringLiteral("admin-password-1")}});
    platform.start(60'000);

    // A tick, through the ingestor into the aggregator's prices.
    ASSERT_EQ(HttpClient(ingestor.baseUrl())
                  .post(QStringLiteral("/api/v1/stock"), R"({"id":1,"name":"SECURE","price":12.5,"volume":10})")
                  .status,
              201)
        << ingestor.output().toStdString();
    HttpClient candles(aggregator.baseUrl());
    ASSERT_TRUE(waitUntil(
        [&] { return candles.get(QStringLiteral("/api/v1/stocks/SECURE")).body.contains("\"price\":12.5"); }, 60'000))
        << aggregator.output().toStdString();

    // An order pair, through the platform and the exchange, settled and counted.
    const auto admin = signedIn(platform.baseUrl(), QStringLiteral("admin"), "admin-password-1");
    for (const char* name : {"secure-buyer", "secure-seller"})
        ASSERT_EQ(HttpClient(platform.baseUrl())
                      .post(QStringLiteral("/api/v1/users"),
                            R"({"username":")" + QByteArray(name) + R"(","password":"password-1"})")
                      .status,
                  201);
    ASSERT_EQ(admin
                  ->post(QStringLiteral("/api/v1/admin/deposits"),
                         R"({"username":"secure-seller","symbol":"SECURE","qty":100})")
                  .status,
              200);
    const auto buyer = signedIn(platform.baseUrl(), QStringLiteral("secure-buyer"), "password-1");
    const auto seller = signedIn(platform.baseUrl(), QStringLiteral("secure-seller"), "password-1");
    ASSERT_EQ(seller->post(QStringLiteral("/api/v1/orders"), R"({"symbol":"SECURE","side":"sell","qty":10,"price":20})")
                  .status,
              202);
    ASSERT_EQ(
        buyer->post(QStringLiteral("/api/v1/orders"), R"({"symbol":"SECURE","side":"buy","qty":10,"price":20})").status,
        202);
    EXPECT_TRUE(waitUntil(
        [&] { return buyer->get(QStringLiteral("/api/v1/portfolio")).body.contains(R"("symbol":"SECURE","qty":10)"); },
        60'000))
        << buyer->get(QStringLiteral("/api/v1/portfolio")).body.toStdString() << processor.output().toStdString()
        << platform.output().toStdString();
    EXPECT_TRUE(waitUntil(
        [&] {
            return objectOf(buyer->get(QStringLiteral("/api/v1/analytics/me")))
                       .value(QLatin1String("trades"))
                       .toInt() == 1;
        },
        60'000))
        << analytics.output().toStdString();

    // Writing where a principal has no right: refused by the broker, whoever asks.
    const std::string forged =
        R"({"trade_id":"forged-1","symbol":"SECURE","price":0.01,"qty":100,"buyer":"secure-buyer","seller":"secure-seller"})";
    for (const char* thief : {"kse-platform-api", "kse-stock-ingestor", "kse-user-analytics", "kse-desktop"})
        EXPECT_EQ(produceAs(principal(QString::fromLatin1(thief)), kse::topics::kTrades, forged),
                  "Broker: Topic authorization failed")
            << thief;
    EXPECT_EQ(produceAs(principal(QStringLiteral("kse-stock-ingestor")), kse::topics::kOrders, forged),
              "Broker: Topic authorization failed");
    EXPECT_EQ(produceAs(principal(QStringLiteral("kse-stock-ingestor")), kse::topics::kStockIngress,
                        R"({"id":2,"name":"SECURE","price":12.75})"),
              "")
        << "the ingestor's own topic";
    for (BackendProcess* running : {&platform, &processor, &analytics, &ingestor, &aggregator})
        EXPECT_EQ(running->terminate(), 0) << running->output().toStdString();
    EXPECT_FALSE(platform.output().contains(QLatin1String("forged-1"))) << "settlement never saw the forged trade";

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
