// With the broker gone the ingestor refuses (503), never accepts; it recovers when the broker
// is back, and every tick it accepted reaches Kafka exactly once.
#include <QElapsedTimer>
#include <cstdio>
#include <gtest/gtest.h>
#include <set>

#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/test_brokers.h"
#include "support/tick_ledger.h"
#include "support/wait.h"

using namespace kse::test;

TEST(StockIngestorOutageE2E, BrokerDownAnswers503AndRecovers) {
    BackendProcess backend({QStringLiteral("stock-ingestor"), QStringLiteral("--port"), QStringLiteral("0"),
                            QStringLiteral("--brokers"), testBrokers()});
    backend.start();
    HttpClient http(backend.baseUrl());
    const QString prefix = uniqueTag(QStringLiteral("E2EC"));
    std::set<std::int64_t> accepted;
    std::int64_t nextId = 1;
    const auto post = [&] {
        const std::int64_t id = nextId++;
        const auto reply =
            http.post(QStringLiteral("/api/v1/stock"),
                      QStringLiteral(R"({"id":%1,"name":"%2","price":10.5})").arg(id).arg(prefix).toUtf8());
        if (reply.status == 201)
            accepted.insert(id);
        return reply.status;
    };

    ASSERT_EQ(post(), 201);
    ASSERT_TRUE(localKafka(QStringLiteral("stop")));
    ASSERT_TRUE(waitUntil([&] { return post() == 503; }, 60'000)) << "the ingestor never noticed the broker left";
    int refused = 0;
    for (int i = 0; i < 200; ++i)
        refused += post() == 503 ? 1 : 0;
    EXPECT_EQ(refused, 200) << "with the broker down every tick must be refused";
    EXPECT_EQ(http.get(QStringLiteral("/api/v1/healthcheck")).status, 503);

    ASSERT_TRUE(localKafka(QStringLiteral("start")));
    QElapsedTimer back;
    back.start();
    ASSERT_TRUE(waitUntil([&] { return post() == 201; }, 120'000)) << "the ingestor did not recover";
    // Reported, not asserted (timing on a shared machine): docs/operations.md gives the figure.
    std::printf("the ingestor accepted again %lld ms after the broker served again\n",
                static_cast<long long>(back.elapsed()));
    for (int i = 0; i < 100; ++i)
        EXPECT_EQ(post(), 201);
    EXPECT_EQ(http.get(QStringLiteral("/api/v1/healthcheck")).status, 200);
    ASSERT_EQ(backend.terminate(), 0) << backend.output().toStdString();

    expectExactlyOnce(countTickIds(testBrokers().toStdString(), prefix.toStdString()), accepted);
}
