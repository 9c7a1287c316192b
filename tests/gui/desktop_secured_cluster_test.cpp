// The terminal on a cluster that asks for TLS and SASL and authorizes every request (local-kafka
// start --sasl, the rights of kafka-zk/kse-acls), reading Kafka as the kse-desktop principal with
// that principal's --kafka-config: live prices, the system monitor's topics and lags and its tail
// all work with only the desktop's rights; with a wrong password the window says the cluster
// refused the credentials instead of connecting for ever.
#include <QFile>
#include <QPlainTextEdit>
#include <QStatusBar>
#include <QTableWidget>
#include <gtest/gtest.h>

#include "api/platform_client.h"
#include "kafka/kafka_client_config.h"
#include "log/logger.h"
#include "market/aggregate_feed.h"
#include "market/market_watch_model.h"
#include "monitor/system_monitor.h"
#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/local_cluster.h"
#include "support/scratch_dir.h"
#include "support/wait.h"
#include "ui/main_window.h"

using namespace kse::test;

namespace {

// A new user, registered and signed in through `client`.
bool signedIn(kse::PlatformClient& client, const QString& name) {
    bool in = false;
    client.registerUser(name, QStringLiteral("password-1"), [&](const kse::PlatformClient::Reply&) {
        client.login(name, QStringLiteral("password-1"), [&](const kse::PlatformClient::Reply& r) { in = r.ok(); });
    });
    return waitUntil([&] { return in; });
}

QStringList groupsIn(const QTableWidget& lags) {
    QStringList groups;
    for (int row = 0; row < lags.rowCount(); ++row)
        if (const auto* item = lags.item(row, 0))
            groups << item->text();
    groups.removeDuplicates();
    return groups;
}

} // namespace

TEST(DesktopOnSecuredCluster, ReadsPricesTopicsLagsAndATailWithItsOwnRightsAndSaysWhenItsCredentialsAreRefused) {
    const ScratchDir dir("desktop-secured");
    LocalCluster cluster(dir, 19692);
    ASSERT_TRUE(cluster.run({QStringLiteral("start"), QStringLiteral("--sasl")})) << cluster.output().toStdString();
    const auto principal = [&](const QString& name) { return cluster.principal(name); };
    const auto own = [&](const QString& name, const QStringList& more = {}) {
        return serviceAsPrincipal(name, principal(QStringLiteral("kse-") + name), dir, more);
    };
    BackendProcess ingestor(own(QStringLiteral("stock-ingestor")));
    BackendProcess aggregator(own(QStringLiteral("stock-aggregator")));
    for (BackendProcess* started : {&ingestor, &aggregator})
        started->start(60'000);
    BackendProcess platform(own(QStringLiteral("platform-api"), {QStringLiteral("--no-market-maker")}));
    platform.start(60'000);

    const auto desktop = kse::KafkaClientConfig::load(principal(QStringLiteral("kse-desktop")).toStdString());
    ASSERT_TRUE(desktop) << desktop.error();
    kse::PlatformClient client{QUrl(platform.baseUrl())};
    ASSERT_TRUE(signedIn(client, QStringLiteral("secured-trader")));
    kse::Logger logger(kse::LogLevel::Error);
    kse::MainWindow window(
        {QStringLiteral("secured-trader"), QString::fromStdString(desktop.value().brokers), desktop.value().properties},
        client, logger);
    ASSERT_TRUE(waitUntil([&] { return window.feed().connected(); }, 60'000)) << window.feed().refusal().toStdString();

    // A tick, through the ingestor and the aggregator, to the window's market watch from Kafka.
    HttpClient ingest(ingestor.baseUrl());
    ASSERT_TRUE(waitUntil(
        [&] {
            EXPECT_EQ(
                ingest.post(QStringLiteral("/api/v1/stock"), R"({"id":1,"name":"SECURED","price":12.5,"volume":10})")
                    .status,
                201);
            return waitUntil([&] { return window.marketWatch().quote(QStringLiteral("SECURED")) != nullptr; }, 2'000);
        },
        60'000))
        << aggregator.output().toStdString();

    // The monitor: every contract topic with its partitions (Describe), the groups' lags
    // (Describe on each group), and a live tail of stock-ingress (Read).
    kse::SystemMonitor& monitor = window.monitor();
    ASSERT_TRUE(waitUntil(
        [&] {
            return monitor.topics()->rowCount() == 7 &&
                   groupsIn(*monitor.lags()).contains(QStringLiteral("stock-aggregator"));
        },
        60'000))
        << monitor.topics()->rowCount()
        << " topics; groups: " << groupsIn(*monitor.lags()).join(QLatin1Char(',')).toStdString();
    monitor.tail(QStringLiteral("stock-ingress"));
    ASSERT_TRUE(waitUntil(
        [&] {
            ingest.post(QStringLiteral("/api/v1/stock"), R"({"id":2,"name":"TAILED","price":3.5})");
            return waitUntil([&] { return monitor.tailText()->toPlainText().contains(QLatin1String("TAILED")); },
                             2'000);
        },
        60'000));
    EXPECT_TRUE(window.feed().refusal().isEmpty());

    // The same file with another password: refused by the cluster, and the window says so.
    QFile good(principal(QStringLiteral("kse-desktop")));
    ASSERT_TRUE(good.open(QIODevice::ReadOnly));
    QByteArray text = good.readAll();
    text.replace(text.indexOf("sasl.password="), text.size(), "sasl.password=not-the-password\n");
    const auto wrong = kse::KafkaClientConfig::parse(text.toStdString());
    ASSERT_TRUE(wrong) << wrong.error();
    kse::MainWindow refused(
        {QStringLiteral("secured-trader"), QString::fromStdString(wrong.value().brokers), wrong.value().properties},
        client, logger);
    ASSERT_TRUE(waitUntil([&] { return !refused.feed().refusal().isEmpty(); }, 30'000));
    EXPECT_TRUE(refused.feed().refusal().contains(QLatin1String("Invalid username or password")))
        << refused.feed().refusal().toStdString();
    EXPECT_FALSE(refused.feed().connected());
    EXPECT_TRUE(refused.statusBar()->currentMessage().contains(QLatin1String("refused the credentials")))
        << refused.statusBar()->currentMessage().toStdString();

    for (BackendProcess* running : {&platform, &ingestor, &aggregator})
        EXPECT_EQ(running->terminate(), 0) << running->output().toStdString();
}
