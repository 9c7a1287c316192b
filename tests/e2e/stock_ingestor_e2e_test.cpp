// The stock ingestor as a real process against the real Kafka broker.
#include <csignal>
#include <gtest/gtest.h>
#include <set>

#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/test_brokers.h"
#include "support/tick_ledger.h"

using namespace kse::test;

namespace {

QStringList ingestorArguments() {
    return {QStringLiteral("stock-ingestor"), QStringLiteral("--port"), QStringLiteral("0"),
            QStringLiteral("--brokers"), testBrokers()};
}

QByteArray tickBody(const QString& prefix, int id) {
    return QStringLiteral(R"({"id":%1,"name":"%2_%3","price":%4.%5,"volume":%6})")
        .arg(id)
        .arg(prefix)
        .arg(id % 10)
        .arg(100 + id % 50)
        .arg(id % 100, 2, 10, QLatin1Char('0'))
        .arg(10 * (1 + id % 9))
        .toUtf8();
}

} // namespace

TEST(StockIngestorE2E, TwentyThousandTicksOverHttpArriveExactlyOnce) {
    BackendProcess backend(ingestorArguments());
    backend.start();
    HttpClient http(backend.baseUrl());
    const QString prefix = uniqueTag(QStringLiteral("E2EA"));
    constexpr int kTicks = 20'000;
    std::set<std::int64_t> accepted;
    std::map<int, int> statuses;
    http.postMany(
        QStringLiteral("/api/v1/stock"), kTicks, 16, [&](int i) { return tickBody(prefix, i + 1); },
        [&](int i, const HttpReply& reply) {
            ++statuses[reply.status];
            if (reply.status == 201)
                accepted.insert(i + 1);
        });
    EXPECT_EQ(statuses[201], kTicks) << "every tick should be accepted";
    ASSERT_EQ(backend.terminate(), 0) << backend.output().toStdString();

    const auto counts = countTickIds(testBrokers().toStdString(), prefix.toStdString());
    EXPECT_EQ(counts.size(), static_cast<std::size_t>(kTicks));
    expectExactlyOnce(counts, accepted);
}

TEST(StockIngestorE2E, SigtermUnderLoadLosesNoAcceptedTick) {
    BackendProcess backend(ingestorArguments());
    backend.start();
    HttpClient http(backend.baseUrl());
    const QString prefix = uniqueTag(QStringLiteral("E2EB"));
    std::set<std::int64_t> accepted;
    int answered = 0;
    // Keep 32 requests in flight and pull the plug in the middle of the stream.
    http.postMany(
        QStringLiteral("/api/v1/stock"), 40'000, 32, [&](int i) { return tickBody(prefix, i + 1); },
        [&](int i, const HttpReply& reply) {
            if (reply.status == 201)
                accepted.insert(i + 1);
            if (++answered == 5'000)
                backend.sendSignal(SIGTERM);
        });
    EXPECT_EQ(backend.terminate(), 0) << backend.output().toStdString();
    EXPECT_GE(accepted.size(), 5'000U - 32U);
    EXPECT_LT(accepted.size(), 40'000U) << "the service should have stopped taking requests";

    const auto counts = countTickIds(testBrokers().toStdString(), prefix.toStdString());
    expectExactlyOnce(counts, accepted);
    EXPECT_GE(counts.size(), accepted.size());
}

// A 201 says the tick is on `stock-ingress`: kill -9 the ingestor again and again while ticks
// arrive on several connections, and every tick it acknowledged is there, exactly once.
TEST(StockIngestorE2E, AKillLoopLosesNoAcknowledgedTickAndDoublesNone) {
    constexpr int kKills = 5;
    constexpr int kPerRound = 2'000;
    constexpr int kKillAfter = 600;
    const QString prefix = uniqueTag(QStringLiteral("E2EK"));
    std::set<std::int64_t> accepted;
    int unanswered = 0;
    for (int round = 0; round < kKills; ++round) {
        BackendProcess backend(ingestorArguments());
        backend.start();
        HttpClient http(backend.baseUrl());
        int acknowledged = 0;
        http.postMany(
            QStringLiteral("/api/v1/stock"), kPerRound, 16,
            [&](int i) { return tickBody(prefix, round * kPerRound + i + 1); },
            [&](int i, const HttpReply& reply) {
                if (reply.status != 201) {
                    ++unanswered;
                    return;
                }
                accepted.insert(round * kPerRound + i + 1);
                if (++acknowledged == kKillAfter)
                    backend.kill(); // with requests in flight on several threads
            });
        ASSERT_GE(acknowledged, kKillAfter) << backend.output().toStdString();
    }
    EXPECT_GT(unanswered, 0); // the kills did cut the loads short

    const auto counts = countTickIds(testBrokers().toStdString(), prefix.toStdString());
    expectExactlyOnce(counts, accepted);
}
