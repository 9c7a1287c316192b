// When the platform's settlement cannot write its database (held by someone else past the busy
// timeout), it stops and says so on the health check — and the process still shuts down
// cleanly: the worker lets go of its consumer while everything the consumer's hooks use exists.
#include "store/sqlite_database.h"
#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/produce_one.h"
#include "support/wait.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace kse::test;

TEST(ConsumerFailure, ASettlementThatCannotWriteReports503AndStopsCleanly) {
    QTemporaryDir dir;
    BackendProcess backend({QStringLiteral("platform-api"), QStringLiteral("--port"), QStringLiteral("0"),
                            QStringLiteral("--no-market-maker"), QStringLiteral("--data-dir"), dir.path()});
    backend.start();
    HttpClient http(backend.baseUrl());
    ASSERT_EQ(http.get(QStringLiteral("/api/v1/healthcheck")).status, 200);

    // Another writer holds the Users DB; settlement's next batch waits out its busy timeout.
    kse::SqliteDatabase holder(dir.filePath(QStringLiteral("platform-api.db")).toStdString());
    holder.exec("BEGIN EXCLUSIVE");
    const std::string event = R"({"order_id":"o-unknown","user_id":"nobody","symbol":"AAPL","request":"new",)"
                              R"("status":"accepted","filled_qty":0,"remaining_qty":1,"avg_price":0,"ts":)" +
                              std::to_string(QDateTime::currentMSecsSinceEpoch()) + "}";
    ASSERT_TRUE(produceOne(backend.brokers().toStdString(), "order-events", "nobody", event));
    const bool stopped =
        waitUntil([&] { return http.get(QStringLiteral("/api/v1/healthcheck")).status == 503; }, 60'000);
    holder.exec("ROLLBACK");
    ASSERT_TRUE(stopped) << backend.output().toStdString();
    EXPECT_NE(http.get(QStringLiteral("/api/v1/healthcheck")).body.indexOf("settlement stopped"), -1);

    EXPECT_EQ(backend.terminate(), 0) << backend.output().toStdString();
}
