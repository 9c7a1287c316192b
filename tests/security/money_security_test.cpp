// Money that cannot be conjured by bad input: absurd prices, volumes, times and deposits are
// refused at every entry (HTTP and Kafka), and forged or inconsistent trades on `trades` are
// dead-lettered instead of being settled blindly or stopping settlement. `kse-backend all` on its
// embedded Kafka, without the market maker; the attacker writes to the topics directly.
#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/json_reply.h"
#include "support/metrics_text.h"
#include "support/produce_one.h"
#include "support/suite_backend.h"
#include "support/test_brokers.h"
#include "support/wait.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <memory>

using namespace kse::test;

namespace {

const QString kPlatform = QStringLiteral("platform-api");
const QString kIngestor = QStringLiteral("stock-ingestor");
const QString kAggregator = QStringLiteral("stock-aggregator");
const QByteArray kAdminPassword = "admin-secret-1";

std::int64_t nowMs() { return QDateTime::currentMSecsSinceEpoch(); }
QByteArray tick(const QString& symbol, const QByteArray& price, const QByteArray& extra = {}) {
    return R"({"id":1,"name":")" + symbol.toUtf8() + R"(","price":)" + price + extra + "}";
}

class MoneySecurity : public testing::Test {
protected:
    static void SetUpTestSuite() {
        qputenv("KSE_ADMIN_PASSWORD", kAdminPassword);
        s_suite = std::make_unique<SuiteBackend>(QStringList{QStringLiteral("all"), QStringLiteral("--port"),
                                                             QStringLiteral("0"), QStringLiteral("--no-market-maker")});
        qunsetenv("KSE_ADMIN_PASSWORD");
        s_backend = &s_suite->process;
    }
    static void TearDownTestSuite() {
        s_backend = nullptr;
        s_suite.reset();
    }
    void SetUp() override { ASSERT_TRUE(s_backend && s_backend->running()); }

    static HttpClient service(const QString& name) { return HttpClient(s_backend->baseUrl(name)); }
    static std::string brokers() { return s_backend->brokers().toStdString(); }

    std::unique_ptr<HttpClient> user(const QString& stem) {
        const QString name = uniqueTag(stem).toLower();
        auto http = std::make_unique<HttpClient>(s_backend->baseUrl(kPlatform));
        const QByteArray credentials = R"({"username":")" + name.toUtf8() + R"(","password":"password-1"})";
        EXPECT_EQ(http->post(QStringLiteral("/api/v1/users"), credentials).status, 201);
        const auto login = http->post(QStringLiteral("/api/v1/login"), credentials);
        EXPECT_EQ(login.status, 200) << login.body.toStdString();
        http->setBearer(objectOf(login).value(QLatin1String("token")).toString().toUtf8());
        m_names[http.get()] = name;
        return http;
    }
    std::unique_ptr<HttpClient> admin() {
        auto http = std::make_unique<HttpClient>(s_backend->baseUrl(kPlatform));
        const auto login = http->post(QStringLiteral("/api/v1/login"),
                                      R"({"username":"admin","password":")" + kAdminPassword + R"("})");
        EXPECT_EQ(login.status, 200) << login.body.toStdString();
        http->setBearer(objectOf(login).value(QLatin1String("token")).toString().toUtf8());
        return http;
    }
    // The portfolio, which must always be valid JSON with reserved ≥ 0 and available ≤ cash.
    QJsonObject portfolio(HttpClient& http) {
        const auto reply = http.get(QStringLiteral("/api/v1/portfolio"));
        EXPECT_EQ(reply.status, 200) << reply.body.toStdString();
        QJsonParseError error{};
        const auto document = QJsonDocument::fromJson(reply.body, &error);
        EXPECT_EQ(error.error, QJsonParseError::NoError) << reply.body.toStdString();
        QJsonObject p = document.object();
        EXPECT_GE(number(p, "reserved"), 0) << reply.body.toStdString();
        EXPECT_LE(number(p, "available"), number(p, "cash")) << reply.body.toStdString();
        return p;
    }
    static double metric(const QString& service, const QString& sample) {
        return metricValue(MoneySecurity::service(service).get(QStringLiteral("/metrics")).body, sample);
    }
    static double platformPrice(const QString& symbol) {
        return number(objectOf(service(kPlatform).get(QStringLiteral("/api/v1/price?id=") + symbol)), "price");
    }
    static bool platformPriceIs(const QString& symbol, double price) {
        return waitUntil([&] { return platformPrice(symbol) == price; });
    }

    static inline std::unique_ptr<SuiteBackend> s_suite;
    static inline BackendProcess* s_backend = nullptr;
    std::map<HttpClient*, QString> m_names;
};

TEST_F(MoneySecurity, AnAbsurdPriceIsRefusedAtEveryEntryAndConjuresNoCash) {
    const QString symbol = uniqueTag(QStringLiteral("ABS"));
    auto ingestor = service(kIngestor);
    const auto refused = ingestor.post(QStringLiteral("/api/v1/stock"), tick(symbol, "900000000000000"));
    EXPECT_EQ(refused.status, 400) << refused.body.toStdString();
    EXPECT_EQ(ingestor.post(QStringLiteral("/api/v1/stock"), tick(symbol, "10000000.0001")).status, 400);

    // Straight onto Kafka, past the ingestor: both the aggregator's and the platform's decoders refuse.
    const double aggregatorDead = metric(kAggregator, QStringLiteral("kse_aggregator_dead_letters_total"));
    const double platformDead = metric(kPlatform, QStringLiteral("kse_platform_market_dead_letters_total"));
    const QByteArray ts = QByteArray::number(static_cast<qlonglong>(nowMs()));
    ASSERT_TRUE(produceOne(brokers(), "stock-ingress", symbol.toStdString(),
                           tick(symbol, "900000000000000", ",\"ts\":" + ts).toStdString()));
    ASSERT_TRUE(produceOne(brokers(), "stock-aggregates", symbol.toStdString(),
                           (R"({"symbol":")" + symbol.toUtf8() + R"(","interval":"1s","start":)" + ts +
                            R"(,"open":900000000000000,"high":900000000000000,"low":900000000000000,)"
                            R"("close":900000000000000,"volume":1,"vwap":900000000000000,"count":1,"final":false})")
                               .toStdString()));
    EXPECT_TRUE(waitUntil([&] {
        return metric(kAggregator, QStringLiteral("kse_aggregator_dead_letters_total")) > aggregatorDead &&
               metric(kPlatform, QStringLiteral("kse_platform_market_dead_letters_total")) > platformDead;
    }));

    // A sane price follows and is what the platform collars market buys around.
    ASSERT_EQ(ingestor.post(QStringLiteral("/api/v1/stock"), tick(symbol, "100")).status, 201);
    ASSERT_TRUE(platformPriceIs(symbol, 100.0));
    auto trader = user(QStringLiteral("abs"));
    const auto market =
        trader->post(QStringLiteral("/api/v1/orders"),
                     R"({"symbol":")" + symbol.toUtf8() + R"(","side":"buy","order_type":"market","qty":10})");
    EXPECT_EQ(market.status, 202) << market.body.toStdString();
    const QJsonObject after = portfolio(*trader);
    EXPECT_LE(number(after, "reserved"), 10 * 105.0); // the collar of 100, never a wrapped amount
    const auto huge = trader->post(QStringLiteral("/api/v1/orders"),
                                   R"({"symbol":")" + symbol.toUtf8() + R"(","side":"buy","qty":50000,"price":10000})");
    EXPECT_EQ(huge.status, 409) << huge.body.toStdString(); // 500,000,000 is not there to spend
    portfolio(*trader);
}

TEST_F(MoneySecurity, ATickFromTheFutureCannotFreezeASymbol) {
    const QString symbol = uniqueTag(QStringLiteral("FUT"));
    auto ingestor = service(kIngestor);
    const QByteArray nextYear = QByteArray::number(static_cast<qlonglong>(nowMs() + 365LL * 86'400'000));
    EXPECT_EQ(ingestor.post(QStringLiteral("/api/v1/stock"), tick(symbol, "500", ",\"ts\":" + nextYear)).status, 400);
    ASSERT_TRUE(produceOne(brokers(), "stock-ingress", symbol.toStdString(),
                           tick(symbol, "500", ",\"ts\":" + nextYear).toStdString()));
    ASSERT_EQ(ingestor.post(QStringLiteral("/api/v1/stock"), tick(symbol, "100")).status, 201);
    ASSERT_EQ(ingestor.post(QStringLiteral("/api/v1/stock"), tick(symbol, "120")).status, 201);
    auto aggregator = service(kAggregator);
    EXPECT_TRUE(waitUntil([&] {
        return number(objectOf(aggregator.get(QStringLiteral("/api/v1/stocks/") + symbol)), "price") == 120.0;
    })) << aggregator.get(QStringLiteral("/api/v1/stocks/") + symbol).body.toStdString();
    EXPECT_TRUE(platformPriceIs(symbol, 120.0));
}

TEST_F(MoneySecurity, TheLargestVolumesCannotMakeASessionNegative) {
    const QString symbol = uniqueTag(QStringLiteral("VOL"));
    auto ingestor = service(kIngestor);
    EXPECT_EQ(
        ingestor.post(QStringLiteral("/api/v1/stock"), tick(symbol, "10", ",\"volume\":9223372036854775807")).status,
        400);
    ASSERT_TRUE(produceOne(brokers(), "stock-ingress", symbol.toStdString(),
                           tick(symbol, "10", ",\"volume\":9223372036854775807").toStdString()));
    ASSERT_EQ(ingestor.post(QStringLiteral("/api/v1/stock"), tick(symbol, "10", ",\"volume\":10000000")).status, 201);
    ASSERT_EQ(ingestor.post(QStringLiteral("/api/v1/stock"), tick(symbol, "10", ",\"volume\":10000000")).status, 201);
    auto aggregator = service(kAggregator);
    EXPECT_TRUE(waitUntil([&] {
        return number(objectOf(aggregator.get(QStringLiteral("/api/v1/stocks/") + symbol)), "volume") == 20'000'000.0;
    })) << aggregator.get(QStringLiteral("/api/v1/stocks/") + symbol).body.toStdString();
}

TEST_F(MoneySecurity, DepositsAreBoundedAndAverageCostNeverNegative) {
    auto trader = user(QStringLiteral("dep"));
    const QByteArray name = m_names[trader.get()].toUtf8();
    auto root = admin();
    const auto deposit = [&](const QByteArray& fields) {
        return root->post(QStringLiteral("/api/v1/admin/deposits"), R"({"username":")" + name + "\"," + fields + "}");
    };
    EXPECT_EQ(deposit(R"("symbol":"HUGE","qty":9223372036854775807,"avg_cost":1)").status, 400);
    EXPECT_EQ(deposit(R"("symbol":"HUGE","qty":10000000,"avg_cost":900000000000000)").status, 400);
    EXPECT_EQ(deposit(R"("cash":1e300)").status, 400);
    ASSERT_EQ(deposit(R"("symbol":"HUGE","qty":10000000,"avg_cost":10000000)").status, 200);
    int refusedAt = 0;
    for (int i = 1; i <= 200 && refusedAt == 0; ++i) // 200 × 1e9 would pass the per-account cap
        if (deposit(R"("cash":1000000000)").status == 422)
            refusedAt = i;
    EXPECT_GT(refusedAt, 0);
    const QJsonObject p = portfolio(*trader);
    for (const auto& position : p.value(QLatin1String("positions")).toArray())
        EXPECT_GE(number(position.toObject(), "avg_cost"), 0);
}

TEST_F(MoneySecurity, ForgedAndInconsistentTradesAreDeadLetteredAndSettlementGoesOn) {
    const QString symbol = uniqueTag(QStringLiteral("FRG"));
    auto seller = user(QStringLiteral("seller"));
    auto buyer = user(QStringLiteral("buyer"));
    auto root = admin();
    ASSERT_EQ(root->post(QStringLiteral("/api/v1/admin/deposits"), R"({"username":")" + m_names[seller.get()].toUtf8() +
                                                                       R"(","symbol":")" + symbol.toUtf8() +
                                                                       R"(","qty":100,"avg_cost":10})")
                  .status,
              200);
    const auto sell = seller->post(QStringLiteral("/api/v1/orders"),
                                   R"({"symbol":")" + symbol.toUtf8() + R"(","side":"sell","qty":100,"price":10})");
    ASSERT_EQ(sell.status, 202) << sell.body.toStdString();
    const QByteArray sellId = objectOf(sell).value(QLatin1String("order_id")).toString().toUtf8();
    ASSERT_TRUE(waitUntil([&] {
        return objectOf(seller->get(QStringLiteral("/api/v1/orders/") + QString::fromUtf8(sellId)))
                   .value(QLatin1String("status"))
                   .toString() == QStringLiteral("accepted");
    }));
    const double refusedBefore = metric(kPlatform, QStringLiteral("kse_platform_trades_refused_total"));
    const QByteArray ts = QByteArray::number(static_cast<qlonglong>(nowMs()));
    const auto forged = [&](const QByteArray& id, const QByteArray& price, const QByteArray& qty) {
        return (R"({"trade_id":")" + id + R"(","symbol":")" + symbol.toUtf8() + R"(","price":)" + price + R"(,"qty":)" +
                qty + R"(,"buy_order_id":"nobody","sell_order_id":")" + sellId +
                R"(","buyer":"x","seller":"y","aggressor":"buy","ts":)" + ts + "}")
            .toStdString();
    };
    // A sale at a price far above the order's limit, and one of more shares than it holds.
    ASSERT_TRUE(produceOne(brokers(), "trades", symbol.toStdString(), forged("F-1", "1000000", "10")));
    ASSERT_TRUE(produceOne(brokers(), "trades", symbol.toStdString(), forged("F-2", "10", "1000")));
    ASSERT_TRUE(waitUntil(
        [&] { return metric(kPlatform, QStringLiteral("kse_platform_trades_refused_total")) >= refusedBefore + 2; }));
    EXPECT_EQ(number(portfolio(*seller), "cash"), 100'000.0); // nothing credited

    // Settlement goes on: a real trade through the exchange settles to the tick.
    const auto buy = buyer->post(QStringLiteral("/api/v1/orders"),
                                 R"({"symbol":")" + symbol.toUtf8() + R"(","side":"buy","qty":10,"price":10})");
    ASSERT_EQ(buy.status, 202) << buy.body.toStdString();
    EXPECT_TRUE(waitUntil([&] { return number(portfolio(*seller), "cash") == 100'100.0; }))
        << seller->get(QStringLiteral("/api/v1/portfolio")).body.toStdString();
    EXPECT_EQ(number(portfolio(*buyer), "cash"), 99'900.0);
    EXPECT_EQ(service(kPlatform).get(QStringLiteral("/api/v1/healthcheck")).status, 200);
}

} // namespace
