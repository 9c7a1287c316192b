// The demo's market maker (`kse-backend all` with its defaults, embedded Kafka): it quotes every
// priced symbol through the public API, so a new user trades at once; its quotes follow the
// reference price and it never trades with itself.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <memory>

#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/json_reply.h"
#include "support/test_brokers.h"
#include "support/topic_reader.h"
#include "support/wait.h"

using namespace kse::test;

namespace {

const QString kPlatform = QStringLiteral("platform-api");
const QByteArray kAdminPassword = "admin-secret-2";

// The prices of one side of a book, best first.
std::vector<double> prices(const QJsonObject& book, const char* side) {
    std::vector<double> out;
    for (const auto& level : book.value(QLatin1String(side)).toArray())
        out.push_back(level.toArray()[0].toDouble());
    return out;
}

class MarketMakerComponent : public testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dataDir = std::make_unique<QTemporaryDir>();
        qputenv("KSE_ADMIN_PASSWORD", kAdminPassword);
        s_backend = std::make_unique<BackendProcess>(QStringList{QStringLiteral("all"), QStringLiteral("--port"),
                                                                 QStringLiteral("0"), QStringLiteral("--data-dir"),
                                                                 s_dataDir->path()});
        s_backend->start();
        qunsetenv("KSE_ADMIN_PASSWORD");
    }
    static void TearDownTestSuite() {
        if (s_backend) {
            EXPECT_EQ(s_backend->terminate(), 0) << s_backend->output().toStdString();
        }
        s_backend.reset();
        s_dataDir.reset();
    }
    void SetUp() override { ASSERT_TRUE(s_backend && s_backend->running()); }

    std::unique_ptr<HttpClient> login(const QString& name, const QByteArray& password) {
        auto http = std::make_unique<HttpClient>(s_backend->baseUrl(kPlatform));
        const auto reply = http->post(QStringLiteral("/api/v1/login"),
                                      R"({"username":")" + name.toUtf8() + R"(","password":")" + password + R"("})");
        EXPECT_EQ(reply.status, 200) << reply.body.toStdString();
        http->setBearer(objectOf(reply).value(QLatin1String("token")).toString().toUtf8());
        return http;
    }
    std::unique_ptr<HttpClient> newUser() {
        const QString name = uniqueTag(QStringLiteral("mm")).toLower();
        HttpClient(s_backend->baseUrl(kPlatform))
            .post(QStringLiteral("/api/v1/users"),
                  R"({"username":")" + name.toUtf8() + R"(","password":"password-1"})");
        return login(name, "password-1");
    }
    void price(const QString& symbol, const char* value) {
        const auto reply = login(QStringLiteral("admin"), kAdminPassword)
                               ->post(QStringLiteral("/api/v1/stock"),
                                      R"({"id":1,"name":")" + symbol.toUtf8() + R"(","price":)" + value + "}");
        ASSERT_EQ(reply.status, 201) << reply.body.toStdString();
    }
    // The book once the maker's three levels a side rest around `bid` … `ask`.
    QJsonObject waitForQuotes(HttpClient& http, const QString& symbol, double bid, double ask) {
        QJsonObject book;
        waitUntil([&] {
            book = objectOf(http.get(QStringLiteral("/api/v1/book/%1?depth=10").arg(symbol)));
            const auto bids = prices(book, "bids"), asks = prices(book, "asks");
            return bids.size() == 3 && asks.size() == 3 && bids[0] == bid && asks[0] == ask;
        });
        return book;
    }

    static inline std::unique_ptr<QTemporaryDir> s_dataDir;
    static inline std::unique_ptr<BackendProcess> s_backend;
};

TEST_F(MarketMakerComponent, ANewUserBuysAndSellsAtOnce) {
    const QString symbol = uniqueTag(QStringLiteral("MA"));
    price(symbol, "50");
    auto user = newUser();
    const QJsonObject book = waitForQuotes(*user, symbol, 49.95, 50.05);
    EXPECT_EQ(prices(book, "bids"), (std::vector<double>{49.95, 49.90, 49.85}));
    EXPECT_EQ(prices(book, "asks"), (std::vector<double>{50.05, 50.10, 50.15}));

    const auto trade = [&](const char* side) {
        const auto placed =
            user->post(QStringLiteral("/api/v1/orders"), R"({"symbol":")" + symbol.toUtf8() + R"(","side":")" + side +
                                                             R"(","order_type":"market","qty":150})");
        EXPECT_EQ(placed.status, 202) << placed.body.toStdString();
        const QString id = objectOf(placed).value(QLatin1String("order_id")).toString();
        QJsonObject order;
        EXPECT_TRUE(waitUntil([&] {
            order = objectOf(user->get(QStringLiteral("/api/v1/orders/") + id));
            return order.value(QLatin1String("status")).toString() == QStringLiteral("filled");
        })) << QJsonDocument(order).toJson().toStdString();
        return number(order, "avg_price");
    };
    EXPECT_EQ(trade("buy"), 50.0667); // (100 × 50.05 + 50 × 50.10) / 150, to the 1/10,000
    QJsonObject portfolio;
    ASSERT_TRUE(waitUntil([&] {
        portfolio = objectOf(user->get(QStringLiteral("/api/v1/portfolio")));
        return !portfolio.value(QLatin1String("positions")).toArray().isEmpty();
    }));
    EXPECT_EQ(portfolio.value(QLatin1String("positions")).toArray()[0].toObject().value(QLatin1String("qty")).toInt(),
              150);
    // The maker has put the taken level back (or bid 49.95 is still there for the sale).
    EXPECT_EQ(trade("sell"), 49.9333);
    ASSERT_TRUE(waitUntil([&] {
        portfolio = objectOf(user->get(QStringLiteral("/api/v1/portfolio")));
        return portfolio.value(QLatin1String("positions")).toArray().isEmpty();
    }));
    EXPECT_EQ(number(portfolio, "cash"), 100000.0 - 7510.0 + 7490.0); // the spread, to the cent
}

TEST_F(MarketMakerComponent, QuotesFollowTheReferenceAndNeverTradeWithThemselves) {
    const QString symbol = uniqueTag(QStringLiteral("MB"));
    auto user = newUser();
    price(symbol, "50");
    waitForQuotes(*user, symbol, 49.95, 50.05);
    price(symbol, "55"); // 10 %: every quote moves, and the new bids are above the old asks
    const QJsonObject moved = waitForQuotes(*user, symbol, 54.94, 55.06);
    EXPECT_EQ(prices(moved, "bids"), (std::vector<double>{54.94, 54.89, 54.83}));
    EXPECT_EQ(prices(moved, "asks"), (std::vector<double>{55.06, 55.11, 55.17}));

    int accepted = 0, cancelled = 0, selfTrades = 0;
    for (const auto& record : readTopic(s_backend->brokers().toStdString(), "order-events")) {
        const QJsonObject e = QJsonDocument::fromJson(QByteArray::fromStdString(record.value)).object();
        if (e.value(QLatin1String("user_id")).toString() != QStringLiteral("market-maker") ||
            e.value(QLatin1String("symbol")).toString() != symbol)
            continue;
        const QString status = e.value(QLatin1String("status")).toString();
        accepted += status == QStringLiteral("accepted") ? 1 : 0;
        cancelled += status == QStringLiteral("cancelled") ? 1 : 0;
        selfTrades += e.value(QLatin1String("reason")).toString() == QStringLiteral("self_trade") ? 1 : 0;
    }
    EXPECT_EQ(accepted, 12);  // six quotes, then six more around the new price
    EXPECT_EQ(cancelled, 6);  // the old ones, cancelled by the maker
    EXPECT_EQ(selfTrades, 0); // no new bid ever met an old ask still resting
    for (const auto& record : readTopic(s_backend->brokers().toStdString(), "trades"))
        EXPECT_FALSE(QByteArray::fromStdString(record.value).contains(symbol.toUtf8())) << record.value;
}

} // namespace
