// The platform API with the real order processor and aggregator (`kse-backend all` on its
// embedded Kafka, without the market maker): the HTTP surface and its error paths, a trade
// between two users settled to the tick, prices from its own view of stock-aggregates, and
// order books relayed from the order processor.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/json_reply.h"
#include "support/produce_one.h"
#include "support/raw_connection.h"
#include "support/stream_client.h"
#include "support/test_brokers.h"
#include "support/topic_reader.h"
#include "support/wait.h"

using namespace kse::test;

namespace {

const QString kPlatform = QStringLiteral("platform-api");
const QByteArray kAdminPassword = "admin-secret-1";

class PlatformApiComponent : public testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dataDir = std::make_unique<QTemporaryDir>();
        qputenv("KSE_ADMIN_PASSWORD", kAdminPassword);
        s_backend = std::make_unique<BackendProcess>(
            QStringList{QStringLiteral("all"), QStringLiteral("--port"), QStringLiteral("0"),
                        QStringLiteral("--data-dir"), s_dataDir->path(), QStringLiteral("--no-market-maker")});
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

    std::unique_ptr<HttpClient> client() { return std::make_unique<HttpClient>(s_backend->baseUrl(kPlatform)); }
    // A new user, logged in; the client carries its token.
    std::unique_ptr<HttpClient> user(const QString& stem) {
        const QString name = uniqueTag(stem).toLower();
        auto http = client();
        const QByteArray credentials =
            QJsonDocument(QJsonObject{{QStringLiteral("username"), name},
                                      {QStringLiteral("password"), QStringLiteral("password-1")}})
                .toJson(QJsonDocument::Compact);
        EXPECT_EQ(http->post(QStringLiteral("/api/v1/users"), credentials).status, 201);
        const auto login = http->post(QStringLiteral("/api/v1/login"), credentials);
        EXPECT_EQ(login.status, 200) << login.body.toStdString();
        http->setBearer(objectOf(login).value(QLatin1String("token")).toString().toUtf8());
        m_names[http.get()] = name;
        m_tokens[http.get()] = objectOf(login).value(QLatin1String("token")).toString().toUtf8();
        return http;
    }
    std::unique_ptr<HttpClient> admin() {
        auto http = client();
        const auto login = http->post(QStringLiteral("/api/v1/login"),
                                      R"({"username":"admin","password":")" + kAdminPassword + R"("})");
        EXPECT_EQ(login.status, 200) << login.body.toStdString();
        http->setBearer(objectOf(login).value(QLatin1String("token")).toString().toUtf8());
        return http;
    }
    QString nameOf(HttpClient* http) { return m_names[http]; }
    QByteArray tokenOf(HttpClient* http) { return m_tokens[http]; }
    void depositShares(HttpClient* owner, const QString& symbol, int qty) {
        ASSERT_EQ(admin()
                      ->post(QStringLiteral("/api/v1/admin/deposits"),
                             QJsonDocument(QJsonObject{{QStringLiteral("username"), nameOf(owner)},
                                                       {QStringLiteral("symbol"), symbol},
                                                       {QStringLiteral("qty"), qty},
                                                       {QStringLiteral("avg_cost"), 50}})
                                 .toJson(QJsonDocument::Compact))
                      .status,
                  200);
    }
    std::unique_ptr<StreamClient> stream(HttpClient* http) {
        auto client = std::make_unique<StreamClient>(s_backend->baseUrl(kPlatform));
        EXPECT_TRUE(client->open(tokenOf(http)));
        EXPECT_TRUE(client->nextOfType(QStringLiteral("welcome")).has_value());
        return client;
    }
    QJsonObject waitForOrder(HttpClient& http, const QString& id, const QString& status) {
        QJsonObject order;
        waitUntil([&] {
            order = objectOf(http.get(QStringLiteral("/api/v1/orders/") + id));
            return order.value(QLatin1String("status")).toString() == status;
        });
        return order;
    }

    static inline std::unique_ptr<QTemporaryDir> s_dataDir;
    static inline std::unique_ptr<BackendProcess> s_backend;
    std::map<HttpClient*, QString> m_names;
    std::map<HttpClient*, QByteArray> m_tokens;
};

TEST_F(PlatformApiComponent, RegistrationRefusesBadInputAndTakenNames) {
    auto http = client();
    const QString name = uniqueTag(QStringLiteral("reg")).toLower();
    const auto body = [&](const QString& user, const QString& password) {
        return QJsonDocument(QJsonObject{{QStringLiteral("username"), user}, {QStringLiteral("password"), password}})
            .toJson(QJsonDocument::Compact);
    };
    EXPECT_EQ(http->post(QStringLiteral("/api/v1/users"), body(name, QStringLiteral("short"))).status, 400);
    EXPECT_EQ(
        http->post(QStringLiteral("/api/v1/users"), body(QStringLiteral("x"), QStringLiteral("password-1"))).status,
        400);
    EXPECT_EQ(http->post(QStringLiteral("/api/v1/users"), "not json").status, 400);
    EXPECT_EQ(http->post(QStringLiteral("/api/v1/users"), R"({"username":1,"password":"password-1"})").status, 400);
    EXPECT_EQ(http->post(QStringLiteral("/api/v1/users"), QByteArray(2 << 20, ' ')).status, 413);
    const auto created = http->post(QStringLiteral("/api/v1/users"), body(name, QStringLiteral("password-1")));
    ASSERT_EQ(created.status, 201) << created.body.toStdString();
    EXPECT_EQ(objectOf(created).value(QLatin1String("role")).toString(), QStringLiteral("trader"));
    EXPECT_EQ(number(objectOf(created), "cash"), 100000.0);
    const auto taken = http->post(QStringLiteral("/api/v1/users"), body(name.toUpper(), QStringLiteral("password-2")));
    EXPECT_EQ(taken.status, 409);
    EXPECT_TRUE(errorOf(taken).contains(QStringLiteral("taken")));
}

TEST_F(PlatformApiComponent, LoginLogoutAndThrottling) {
    auto alice = user(QStringLiteral("login"));
    const QString name = nameOf(alice.get());
    EXPECT_EQ(alice->get(QStringLiteral("/api/v1/portfolio")).status, 200);
    EXPECT_EQ(alice->post(QStringLiteral("/api/v1/logout"), {}).status, 200);
    EXPECT_EQ(alice->get(QStringLiteral("/api/v1/portfolio")).status, 401); // the token is gone

    auto http = client();
    const QByteArray wrong = R"({"username":")" + name.toUtf8() + R"(","password":"wrong-password"})";
    const auto unknown =
        http->post(QStringLiteral("/api/v1/login"), R"({"username":"nobody-here","password":"password-1"})");
    const auto bad = http->post(QStringLiteral("/api/v1/login"), wrong);
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(bad.status, 401);
    EXPECT_EQ(errorOf(unknown), errorOf(bad)); // names are not revealed
    for (int i = 0; i < 4; ++i)
        http->post(QStringLiteral("/api/v1/login"), wrong);
    const auto throttled = http->post(QStringLiteral("/api/v1/login"),
                                      R"({"username":")" + name.toUtf8() + R"(","password":"password-1"})");
    EXPECT_EQ(throttled.status, 429);
    EXPECT_FALSE(throttled.header("Retry-After").isEmpty());
}

TEST_F(PlatformApiComponent, PrivateEndpointsNeedAValidTokenAndAdminsOnlyTheirs) {
    auto http = client();
    for (const char* path : {"/api/v1/portfolio", "/api/v1/orders", "/api/v1/orders/o-1"})
        EXPECT_EQ(http->get(QString::fromLatin1(path)).status, 401) << path;
    EXPECT_EQ(http->post(QStringLiteral("/api/v1/orders"), "{}").status, 401);
    http->setBearer("not-a-token");
    EXPECT_EQ(http->get(QStringLiteral("/api/v1/portfolio")).status, 401);
    auto trader = user(QStringLiteral("plain"));
    const auto refused = trader->post(QStringLiteral("/api/v1/admin/deposits"), R"({"username":"admin","cash":1000})");
    EXPECT_EQ(refused.status, 403);
    auto root = admin();
    EXPECT_EQ(root->post(QStringLiteral("/api/v1/admin/deposits"), R"({"username":"no-such-user","cash":1})").status,
              404);
    EXPECT_EQ(root->post(QStringLiteral("/api/v1/admin/deposits"), R"({"username":"admin"})").status, 400);
    const auto config = client()->get(QStringLiteral("/api/v1/config")); // public
    ASSERT_EQ(config.status, 200);
    const QJsonObject services = objectOf(config).value(QLatin1String("services")).toObject();
    EXPECT_EQ(services.keys(), (QStringList{QStringLiteral("order-processor"), QStringLiteral("platform-api"),
                                            QStringLiteral("stock-aggregator"), QStringLiteral("stock-ingestor"),
                                            QStringLiteral("user-analytics")}));
    EXPECT_EQ(services.value(QLatin1String("platform-api")).toString(), s_backend->baseUrl(kPlatform));
}

TEST_F(PlatformApiComponent, OrdersAreCheckedAndOthersOrdersDoNotExist) {
    auto alice = user(QStringLiteral("alice"));
    auto bob = user(QStringLiteral("bob"));
    const auto place = [](HttpClient& http, const QByteArray& body) {
        return http.post(QStringLiteral("/api/v1/orders"), body);
    };
    EXPECT_EQ(place(*alice, R"({"symbol":"AAPL","side":"hold","qty":1,"price":1})").status, 400);
    EXPECT_EQ(place(*alice, R"({"symbol":"AAPL","side":"buy","qty":0,"price":1})").status, 400);
    EXPECT_EQ(place(*alice, R"({"symbol":"AAPL","side":"buy","qty":1.5,"price":1})").status, 400);
    EXPECT_EQ(place(*alice, R"({"symbol":"AAPL","side":"buy","qty":1})").status, 400); // a limit needs a price
    EXPECT_EQ(place(*alice, R"({"symbol":"AAPL","side":"buy","order_type":"market","qty":1,"price":1})").status, 400);
    EXPECT_EQ(place(*alice, R"({"symbol":"no such","side":"buy","qty":1,"price":1})").status, 400);
    EXPECT_EQ(place(*alice, R"({"symbol":"AAPL","side":"buy","qty":1,"price":1.00001})").status, 400);
    const auto poor = place(*alice, R"({"symbol":"AAPL","side":"buy","qty":1000,"price":1000})");
    EXPECT_EQ(poor.status, 409);
    EXPECT_TRUE(errorOf(poor).contains(QStringLiteral("not enough cash")));
    const auto shortSale = place(*alice, R"({"symbol":"AAPL","side":"sell","qty":1,"price":100})");
    EXPECT_EQ(shortSale.status, 409);

    const auto placed = place(*alice, R"({"symbol":"ZZTOP","side":"buy","qty":10,"price":50})");
    ASSERT_EQ(placed.status, 202) << placed.body.toStdString();
    const QString id = objectOf(placed).value(QLatin1String("order_id")).toString();
    EXPECT_EQ(number(objectOf(alice->get(QStringLiteral("/api/v1/portfolio"))), "reserved"), 500.0);
    waitForOrder(*alice, id, QStringLiteral("accepted"));
    EXPECT_EQ(bob->get(QStringLiteral("/api/v1/orders/") + id).status, 404);
    EXPECT_EQ(bob->del(QStringLiteral("/api/v1/orders/") + id).status, 404);
    EXPECT_EQ(QJsonDocument::fromJson(bob->get(QStringLiteral("/api/v1/orders")).body).array().size(), 0);

    ASSERT_EQ(alice->del(QStringLiteral("/api/v1/orders/") + id).status, 202);
    const QJsonObject cancelled = waitForOrder(*alice, id, QStringLiteral("cancelled"));
    EXPECT_EQ(cancelled.value(QLatin1String("status")).toString(), QStringLiteral("cancelled"));
    EXPECT_EQ(number(objectOf(alice->get(QStringLiteral("/api/v1/portfolio"))), "reserved"), 0.0);
    EXPECT_EQ(alice->del(QStringLiteral("/api/v1/orders/") + id).status, 409); // already finished
    EXPECT_EQ(alice->get(QStringLiteral("/api/v1/orders/o-nope")).status, 404);
    const auto filtered =
        QJsonDocument::fromJson(alice->get(QStringLiteral("/api/v1/orders?status=cancelled")).body).array();
    ASSERT_EQ(filtered.size(), 1);

    // What was refused promised nothing: on `orders` no AAPL order, only the one order and its
    // cancel; on `user-activity` only their two events, Alice's; none of Bob's attempts on her
    // order.
    const std::string brokers = s_backend->brokers().toStdString();
    std::vector<QString> commands;
    for (const auto& record : readTopic(brokers, "orders")) {
        const QJsonObject command = QJsonDocument::fromJson(QByteArray::fromStdString(record.value)).object();
        if (record.key == "AAPL" || command.value(QLatin1String("order_id")).toString() == id)
            commands.push_back(command.value(QLatin1String("type")).toString());
    }
    EXPECT_EQ(commands, (std::vector{QStringLiteral("new"), QStringLiteral("cancel")}));
    std::map<std::string, std::vector<QString>> actions;
    for (const auto& record : readTopic(brokers, "user-activity")) {
        const QJsonObject event = QJsonDocument::fromJson(QByteArray::fromStdString(record.value)).object();
        if (event.value(QLatin1String("action")).toString().endsWith(QStringLiteral("_order")))
            actions[record.key].push_back(event.value(QLatin1String("order_id")).toString());
    }
    EXPECT_EQ(actions[nameOf(alice.get()).toStdString()], (std::vector{id, id}));
    EXPECT_TRUE(actions[nameOf(bob.get()).toStdString()].empty());
}

// Orders placed at once arrive on several HTTP threads and share group commits: the cash still
// covers exactly as many as it can, never one more.
TEST_F(PlatformApiComponent, OrdersPlacedAtOnceReserveExactlyTheCash) {
    auto carol = user(QStringLiteral("burst"));
    const double cash = number(objectOf(carol->get(QStringLiteral("/api/v1/portfolio"))), "cash");
    const int fit = static_cast<int>(cash / 1000); // each reserves 10 × 100.00
    ASSERT_GT(fit, 0);
    int accepted = 0;
    int refused = 0;
    int other = 0;
    carol->postMany(
        QStringLiteral("/api/v1/orders"), fit + 60, 6,
        [](int) { return QByteArrayLiteral(R"({"symbol":"BURST","side":"buy","qty":10,"price":100})"); },
        [&](int, const HttpReply& reply) {
            (reply.status == 202 ? accepted : reply.status == 409 ? refused : other) += 1;
        });
    EXPECT_EQ(accepted, fit);
    EXPECT_EQ(refused, 60);
    EXPECT_EQ(other, 0);
    const QJsonObject portfolio = objectOf(carol->get(QStringLiteral("/api/v1/portfolio")));
    EXPECT_EQ(number(portfolio, "reserved"), fit * 1000.0);
    EXPECT_EQ(number(portfolio, "available"), cash - fit * 1000.0);
    const auto orders = QJsonDocument::fromJson(carol->get(QStringLiteral("/api/v1/orders?limit=1000")).body).array();
    EXPECT_EQ(orders.size(), fit);
}

TEST_F(PlatformApiComponent, ATradeBetweenTwoUsersIsSettledExactly) {
    auto buyer = user(QStringLiteral("buyer"));
    auto seller = user(QStringLiteral("seller"));
    const QString symbol = uniqueTag(QStringLiteral("PA"));
    auto root = admin();
    ASSERT_EQ(root->post(QStringLiteral("/api/v1/admin/deposits"),
                         QJsonDocument(QJsonObject{{QStringLiteral("username"), nameOf(seller.get())},
                                                   {QStringLiteral("symbol"), symbol},
                                                   {QStringLiteral("qty"), 100},
                                                   {QStringLiteral("avg_cost"), 80}})
                             .toJson(QJsonDocument::Compact))
                  .status,
              200);
    const auto sell = seller->post(QStringLiteral("/api/v1/orders"),
                                   R"({"symbol":")" + symbol.toUtf8() + R"(","side":"sell","qty":30,"price":99.99})");
    ASSERT_EQ(sell.status, 202) << sell.body.toStdString();
    const auto buy = buyer->post(QStringLiteral("/api/v1/orders"),
                                 R"({"symbol":")" + symbol.toUtf8() + R"(","side":"buy","qty":20,"price":100.5})");
    ASSERT_EQ(buy.status, 202) << buy.body.toStdString();
    const QString buyId = objectOf(buy).value(QLatin1String("order_id")).toString();
    waitForOrder(*buyer, buyId, QStringLiteral("filled"));

    QJsonObject b, s;
    ASSERT_TRUE(waitUntil([&] {
        b = objectOf(buyer->get(QStringLiteral("/api/v1/portfolio")));
        s = objectOf(seller->get(QStringLiteral("/api/v1/portfolio")));
        return number(b, "reserved") == 0.0 && number(s, "cash") > 100000.0;
    }));
    // The fill's average price comes with its settlement.
    EXPECT_EQ(number(objectOf(buyer->get(QStringLiteral("/api/v1/orders/") + buyId)), "avg_price"), 99.99);
    EXPECT_EQ(number(b, "cash"), 100000.0 - 1999.8);
    EXPECT_EQ(number(s, "cash"), 100000.0 + 1999.8);
    EXPECT_EQ(number(b, "cash") + number(s, "cash"), 200000.0); // conserved to the tick
    EXPECT_EQ(number(s, "realized_pnl"), 399.8);                // 20 × (99.99 − 80), exact
    const QJsonObject bp = b.value(QLatin1String("positions")).toArray().first().toObject();
    const QJsonObject sp = s.value(QLatin1String("positions")).toArray().first().toObject();
    EXPECT_EQ(number(bp, "qty") + number(sp, "qty"), 100.0);
    EXPECT_EQ(number(sp, "reserved"), 10.0); // the rest of the sell order still rests

    // Each side sees the execution as its own fill; nobody else sees it.
    const QJsonArray buyerFills = QJsonDocument::fromJson(buyer->get(QStringLiteral("/api/v1/fills")).body).array();
    ASSERT_EQ(buyerFills.size(), 1);
    const QJsonObject bf = buyerFills.first().toObject();
    EXPECT_EQ(bf.value(QLatin1String("order_id")).toString(), buyId);
    EXPECT_EQ(bf.value(QLatin1String("symbol")).toString(), symbol);
    EXPECT_EQ(bf.value(QLatin1String("side")).toString(), QStringLiteral("buy"));
    EXPECT_EQ(number(bf, "price"), 99.99);
    EXPECT_EQ(number(bf, "qty"), 20.0);
    EXPECT_GT(number(bf, "ts"), 0.0);
    const QJsonArray sellerFills =
        QJsonDocument::fromJson(
            seller->get(QStringLiteral("/api/v1/fills?symbol=") + symbol + QStringLiteral("&limit=5")).body)
            .array();
    ASSERT_EQ(sellerFills.size(), 1);
    EXPECT_EQ(sellerFills.first().toObject().value(QLatin1String("side")).toString(), QStringLiteral("sell"));
    EXPECT_EQ(sellerFills.first().toObject().value(QLatin1String("trade_id")), bf.value(QLatin1String("trade_id")));
    EXPECT_TRUE(
        QJsonDocument::fromJson(seller->get(QStringLiteral("/api/v1/fills?symbol=OTHER")).body).array().isEmpty());
    EXPECT_TRUE(QJsonDocument::fromJson(user(QStringLiteral("onlooker"))->get(QStringLiteral("/api/v1/fills")).body)
                    .array()
                    .isEmpty());
    EXPECT_EQ(seller->get(QStringLiteral("/api/v1/fills?limit=0")).status, 400);
    EXPECT_EQ(seller->get(QStringLiteral("/api/v1/fills?symbol=no%20such")).status, 400);
    EXPECT_EQ(client()->get(QStringLiteral("/api/v1/fills")).status, 401);
}

TEST_F(PlatformApiComponent, MarketOrdersCarryAProtectionPriceAndNeverTradeBeyondIt) {
    auto buyer = user(QStringLiteral("mbuyer"));
    auto seller = user(QStringLiteral("mseller"));
    const QString symbol = uniqueTag(QStringLiteral("PM"));
    const QByteArray sym = symbol.toUtf8();
    auto root = admin();
    ASSERT_EQ(root->post(QStringLiteral("/api/v1/admin/deposits"), R"({"username":")" + nameOf(seller.get()).toUtf8() +
                                                                       R"(","symbol":")" + sym +
                                                                       R"(","qty":100,"avg_cost":90})")
                  .status,
              200);
    // Without a reference price there is no protection price: a market order is refused.
    const auto blind = seller->post(QStringLiteral("/api/v1/orders"),
                                    R"({"symbol":")" + sym + R"(","side":"sell","order_type":"market","qty":5})");
    EXPECT_EQ(blind.status, 409);
    EXPECT_NE(blind.body.indexOf("no usable last price"), -1) << blind.body.toStdString();
    EXPECT_EQ(objectOf(client()->get(QStringLiteral("/api/v1/config")))
                  .value(QLatin1String("orders"))
                  .toObject()
                  .value(QLatin1String("market_protection_bps"))
                  .toInt(),
              500);

    ASSERT_EQ(root->post(QStringLiteral("/api/v1/stock"), R"({"id":1,"name":")" + sym + R"(","price":100})").status,
              201);
    ASSERT_TRUE(waitUntil([&] {
        const auto reply = client()->get(QStringLiteral("/api/v1/price?id=") + symbol);
        return reply.status == 200 && number(objectOf(reply), "price") == 100.0;
    }));
    // Two bids: one above the floor of 95.00, one below it.
    for (const char* price : {"96", "94.99"}) {
        const auto bid = buyer->post(QStringLiteral("/api/v1/orders"),
                                     R"({"symbol":")" + sym + R"(","side":"buy","qty":10,"price":)" + price + "}");
        ASSERT_EQ(bid.status, 202) << bid.body.toStdString();
        waitForOrder(*buyer, objectOf(bid).value(QLatin1String("order_id")).toString(), QStringLiteral("accepted"));
    }
    const auto sell = seller->post(QStringLiteral("/api/v1/orders"),
                                   R"({"symbol":")" + sym + R"(","side":"sell","order_type":"market","qty":20})");
    ASSERT_EQ(sell.status, 202) << sell.body.toStdString();
    const QString sellId = objectOf(sell).value(QLatin1String("order_id")).toString();
    const QJsonObject sold = waitForOrder(*seller, sellId, QStringLiteral("cancelled"));
    EXPECT_EQ(number(sold, "protection"), 95.0); // 100 less 5 %, the limit it went to the exchange with
    EXPECT_FALSE(sold.contains(QLatin1String("price")));
    EXPECT_EQ(number(sold, "filled_qty"), 10.0); // the bid at 94.99 is below the floor: untouched
    EXPECT_EQ(number(sold, "avg_price"), 96.0);
    QJsonObject s;
    ASSERT_TRUE(waitUntil([&] {
        s = objectOf(seller->get(QStringLiteral("/api/v1/portfolio")));
        return number(s, "cash") == 100000.0 + 960.0;
    })) << QJsonDocument(s).toJson().toStdString();
    const QJsonObject position = s.value(QLatin1String("positions")).toArray().first().toObject();
    EXPECT_EQ(number(position, "qty"), 90.0);
    EXPECT_EQ(number(position, "reserved"), 0.0); // the unfilled 10 are free again

    // A market buy shows its collar: 5 % above the reference, now the newer trade here at 96.
    const auto buy = buyer->post(QStringLiteral("/api/v1/orders"),
                                 R"({"symbol":")" + sym + R"(","side":"buy","order_type":"market","qty":1})");
    ASSERT_EQ(buy.status, 202) << buy.body.toStdString();
    const QJsonObject bought = objectOf(
        buyer->get(QStringLiteral("/api/v1/orders/") + objectOf(buy).value(QLatin1String("order_id")).toString()));
    EXPECT_EQ(number(bought, "protection"), 100.8);
}

TEST_F(PlatformApiComponent, AdminsSubmitStockPricesWithTheIngestorsRules) {
    const QByteArray tick = R"({"id":1,"name":"PAX","price":187.25})";
    EXPECT_EQ(client()->post(QStringLiteral("/api/v1/stock"), tick).status, 401);
    auto trader = user(QStringLiteral("ticker"));
    EXPECT_EQ(trader->post(QStringLiteral("/api/v1/stock"), tick).status, 403);
    auto root = admin();
    EXPECT_EQ(root->post(QStringLiteral("/api/v1/stock"), R"({"id":1,"name":"PAX","price":-1})").status, 400);
    const auto accepted = root->post(QStringLiteral("/api/v1/stock"), tick);
    EXPECT_EQ(accepted.status, 201) << accepted.body.toStdString();
    EXPECT_EQ(objectOf(accepted).value(QLatin1String("message")).toString(),
              QStringLiteral("Successfully added stock."));
}

TEST_F(PlatformApiComponent, PricesAndCandlesComeFromItsOwnViewOfTheMarket) {
    const QString symbol = uniqueTag(QStringLiteral("PP"));
    auto root = admin();
    for (const char* price : {"100", "102.5", "99.75", "101.25"})
        ASSERT_EQ(root->post(QStringLiteral("/api/v1/stock"),
                             R"({"id":1,"name":")" + symbol.toUtf8() + R"(","price":)" + price + "}")
                      .status,
                  201);
    auto http = client();
    QJsonObject quote;
    ASSERT_TRUE(waitUntil([&] {
        const auto reply = http->get(QStringLiteral("/api/v1/price?id=") + symbol);
        quote = objectOf(reply);
        return reply.status == 200 && quote.value(QLatin1String("count")).toInt() == 4 &&
               number(quote, "price") == 101.25;
    })) << QJsonDocument(quote).toJson().toStdString();
    EXPECT_EQ(number(quote, "open"), 100.0);
    EXPECT_EQ(number(quote, "high"), 102.5);
    EXPECT_EQ(number(quote, "low"), 99.75);
    EXPECT_EQ(number(quote, "change"), 1.25);
    EXPECT_EQ(number(quote, "change_pct"), 1.25);

    bool listed = false;
    for (const auto& item : QJsonDocument::fromJson(http->get(QStringLiteral("/api/v1/stocks")).body).array())
        listed = listed || item.toObject().value(QLatin1String("symbol")).toString() == symbol;
    EXPECT_TRUE(listed);
    const auto candles =
        QJsonDocument::fromJson(http->get(QStringLiteral("/api/v1/stocks/%1/candles?interval=1h").arg(symbol)).body)
            .array();
    ASSERT_EQ(candles.size(), 1);
    EXPECT_EQ(number(candles[0].toObject(), "high"), 102.5);
    EXPECT_EQ(number(candles[0].toObject(), "close"), 101.25);
    EXPECT_EQ(candles[0].toObject().value(QLatin1String("count")).toInt(), 4);
    EXPECT_EQ(candles[0].toObject().value(QLatin1String("volume")).toInt(), 0); // quotes without volume

    // --no-market-maker: there is no market-maker account, so nobody quotes this symbol.
    EXPECT_EQ(root->post(QStringLiteral("/api/v1/admin/deposits"), R"({"username":"market-maker","cash":1})").status,
              404);

    EXPECT_EQ(http->get(QStringLiteral("/api/v1/price")).status, 400);
    EXPECT_EQ(http->get(QStringLiteral("/api/v1/price?id=not%20one")).status, 400);
    EXPECT_EQ(http->get(QStringLiteral("/api/v1/price?id=NOPE1")).status, 404);
    EXPECT_EQ(http->get(QStringLiteral("/api/v1/stocks/NOPE1/candles")).status, 404);
    EXPECT_EQ(http->get(QStringLiteral("/api/v1/stocks/%1/candles?interval=2m").arg(symbol)).status, 400);
}

TEST_F(PlatformApiComponent, ASignedInUsersPriceViewsArePublished) {
    const QString symbol = uniqueTag(QStringLiteral("PV"));
    ASSERT_EQ(admin()
                  ->post(QStringLiteral("/api/v1/stock"), R"({"id":1,"name":")" + symbol.toUtf8() + R"(","price":5})")
                  .status,
              201);
    auto viewer = user(QStringLiteral("viewer"));
    ASSERT_TRUE(waitUntil([&] { return viewer->get(QStringLiteral("/api/v1/price?id=") + symbol).status == 200; }));
    client()->get(QStringLiteral("/api/v1/price?id=") + symbol); // anonymous: not attributed
    int views = 0;
    ASSERT_TRUE(waitUntil([&] {
        views = 0;
        for (const auto& record : readTopic(s_backend->brokers().toStdString(), "user-activity")) {
            const QJsonObject event = QJsonDocument::fromJson(QByteArray::fromStdString(record.value)).object();
            if (event.value(QLatin1String("action")).toString() == QStringLiteral("view_price") &&
                event.value(QLatin1String("symbol")).toString() == symbol) {
                EXPECT_EQ(event.value(QLatin1String("user_id")).toString(), nameOf(viewer.get()));
                EXPECT_EQ(QString::fromStdString(record.key), nameOf(viewer.get()));
                ++views;
            }
        }
        return views >= 1;
    }));
    EXPECT_EQ(views, 1);
}

TEST_F(PlatformApiComponent, UnreadableMarketDataGoesToDeadLettersAndPricesCarryOn) {
    const QString symbol = uniqueTag(QStringLiteral("PD"));
    const std::string brokers = s_backend->brokers().toStdString();
    ASSERT_TRUE(produceOne(brokers, "stock-aggregates", symbol.toStdString(), R"({"symbol":"PD","interval":"1m"})"));
    ASSERT_EQ(admin()
                  ->post(QStringLiteral("/api/v1/stock"), R"({"id":1,"name":")" + symbol.toUtf8() + R"(","price":7})")
                  .status,
              201);
    auto http = client();
    ASSERT_TRUE(waitUntil([&] { return http->get(QStringLiteral("/api/v1/price?id=") + symbol).status == 200; }));
    bool lettered = false;
    ASSERT_TRUE(waitUntil([&] {
        for (const auto& record : readTopic(brokers, "dead-letters"))
            lettered = lettered || (record.key == "stock-aggregates" &&
                                    QByteArray::fromStdString(record.value).contains("stock aggregate: start"));
        return lettered;
    }));
}

TEST_F(PlatformApiComponent, OrderBooksAreRelayedFromTheOrderProcessor) {
    const QString symbol = uniqueTag(QStringLiteral("PB"));
    auto trader = user(QStringLiteral("booker"));
    EXPECT_EQ(client()->get(QStringLiteral("/api/v1/book/") + symbol).status, 401);
    EXPECT_EQ(trader->get(QStringLiteral("/api/v1/book/not%20one")).status, 400);
    EXPECT_EQ(trader->get(QStringLiteral("/api/v1/book/%1?depth=0").arg(symbol)).status, 400);
    for (const char* price : {"10", "10.5", "9"}) {
        const auto placed =
            trader->post(QStringLiteral("/api/v1/orders"),
                         R"({"symbol":")" + symbol.toUtf8() + R"(","side":"buy","qty":3,"price":)" + price + "}");
        ASSERT_EQ(placed.status, 202) << placed.body.toStdString();
    }
    HttpClient direct(s_backend->baseUrl(QStringLiteral("order-processor")));
    QJsonObject book;
    ASSERT_TRUE(waitUntil([&] {
        const auto reply = trader->get(QStringLiteral("/api/v1/book/%1?depth=2").arg(symbol));
        book = objectOf(reply);
        return reply.status == 200 && book.value(QLatin1String("bids")).toArray().size() == 2;
    })) << QJsonDocument(book).toJson().toStdString();
    EXPECT_EQ(book.value(QLatin1String("bids")).toArray()[0].toArray()[0].toDouble(), 10.5);
    EXPECT_EQ(book.value(QLatin1String("bids")).toArray()[1].toArray()[0].toDouble(), 10.0);
    EXPECT_TRUE(book.value(QLatin1String("asks")).toArray().isEmpty());
    EXPECT_EQ(trader->get(QStringLiteral("/api/v1/book/%1?depth=2").arg(symbol)).body,
              direct.get(QStringLiteral("/api/v1/book/%1?depth=2").arg(symbol)).body);
    // Without a market maker nobody else quotes: open orders are only the trader's own.
    EXPECT_EQ(QJsonDocument::fromJson(trader->get(QStringLiteral("/api/v1/orders?status=open")).body).array().size(),
              3);
}

TEST_F(PlatformApiComponent, UsersSeeTheirOwnAnalyticsAndTheSummary) {
    EXPECT_EQ(client()->get(QStringLiteral("/api/v1/analytics/me")).status, 401);
    EXPECT_EQ(client()->get(QStringLiteral("/api/v1/analytics/summary")).status, 401);
    // Unreadable activity goes to dead-letters; what follows is still counted.
    const std::string brokers = s_backend->brokers().toStdString();
    ASSERT_TRUE(produceOne(brokers, "user-activity", "someone", R"({"user_id":"someone","action":"login"})"));
    auto analyst = user(QStringLiteral("analyst"));
    QJsonObject me;
    ASSERT_TRUE(waitUntil([&] {
        const auto reply = analyst->get(QStringLiteral("/api/v1/analytics/me"));
        me = objectOf(reply);
        return reply.status == 200 && me.value(QLatin1String("logins")).toInt() == 1;
    })) << QJsonDocument(me).toJson().toStdString();
    EXPECT_EQ(me.value(QLatin1String("user_id")).toString(), nameOf(analyst.get()));
    const auto summary = analyst->get(QStringLiteral("/api/v1/analytics/summary"));
    ASSERT_EQ(summary.status, 200);
    EXPECT_GE(objectOf(summary).value(QLatin1String("active_users")).toObject().value(QLatin1String("1m")).toInt(), 1);
    const auto series = analyst->get(QStringLiteral("/api/v1/analytics/timeseries?metric=logins"));
    ASSERT_EQ(series.status, 200);
    EXPECT_EQ(QJsonDocument::fromJson(series.body).array().size(), 60); // the last hour, minute by minute
    EXPECT_EQ(analyst->get(QStringLiteral("/api/v1/analytics/timeseries?metric=nope")).status, 400);
    EXPECT_EQ(analyst->get(QStringLiteral("/api/v1/analytics/timeseries?metric=logins&from=10&to=5")).status, 400);
    bool lettered = false;
    ASSERT_TRUE(waitUntil([&] {
        for (const auto& record : readTopic(brokers, "dead-letters"))
            lettered = lettered || (record.key == "user-activity" &&
                                    QByteArray::fromStdString(record.value).contains("user activity: ts"));
        return lettered;
    }));
}

TEST_F(PlatformApiComponent, TheStreamIsAWebSocketForSignedInUsersOnly) {
    auto trader = user(QStringLiteral("streamer"));
    // Without the upgrade: 426, saying how to ask.
    const auto plain = trader->get(QStringLiteral("/api/v1/stream"));
    EXPECT_EQ(plain.status, 426);
    EXPECT_EQ(plain.header("Upgrade"), QByteArray("websocket"));
    EXPECT_FALSE(objectOf(plain).value(QLatin1String("error")).toString().isEmpty());
    // An upgrade without a live token is refused before it happens: 401, and the connection ends.
    const quint16 port = static_cast<quint16>(QUrl(s_backend->baseUrl(kPlatform)).port());
    for (const QByteArray& authorization : {QByteArray(), QByteArray("Authorization: Bearer not-a-token\r\n")}) {
        RawConnection raw(port);
        ASSERT_TRUE(raw.send("GET /api/v1/stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
                             authorization + "\r\n"));
        const QByteArray answer = raw.readAnswer();
        EXPECT_EQ(RawConnection::status(answer), 401) << answer.toStdString();
        EXPECT_TRUE(raw.waitForClose());
    }
    // Upgrade without `Connection: Upgrade` is no upgrade: answered 426, never left hanging.
    {
        RawConnection raw(port);
        ASSERT_TRUE(raw.send("GET /api/v1/stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                             "Authorization: Bearer " +
                             tokenOf(trader.get()) + "\r\n\r\n"));
        const QByteArray answer = raw.readAnswer();
        EXPECT_EQ(RawConnection::status(answer), 426) << answer.toStdString();
    }
    StreamClient stranger(s_backend->baseUrl(kPlatform));
    EXPECT_FALSE(stranger.open("not-a-token"));

    // With the token: a welcome naming the user and the rules.
    StreamClient ws(s_backend->baseUrl(kPlatform));
    ASSERT_TRUE(ws.open(tokenOf(trader.get())));
    const auto welcome = ws.nextOfType(QStringLiteral("welcome"));
    ASSERT_TRUE(welcome.has_value());
    EXPECT_EQ(welcome->value(QLatin1String("username")).toString(), nameOf(trader.get()));
    EXPECT_EQ(welcome->value(QLatin1String("max_subscriptions")).toInt(), 50);
    EXPECT_GT(welcome->value(QLatin1String("heartbeat_ms")).toInt(), 0);

    // Bad messages are answered with an error and the connection stays.
    const auto errorAfter = [&](const QString& text) {
        ws.socket().sendTextMessage(text);
        const auto error = ws.nextOfType(QStringLiteral("error"));
        return error ? error->value(QLatin1String("error")).toString() : QString();
    };
    EXPECT_TRUE(errorAfter(QStringLiteral("not json")).contains(QLatin1String("JSON")));
    EXPECT_TRUE(errorAfter(QStringLiteral(R"({"op":"dance"})")).contains(QLatin1String("op")));
    EXPECT_TRUE(
        errorAfter(QStringLiteral(R"({"op":"subscribe","channel":"gossip"})")).contains(QLatin1String("channel")));
    EXPECT_TRUE(errorAfter(QStringLiteral(R"({"op":"subscribe","channel":"book"})")).contains(QLatin1String("symbol")));
    EXPECT_TRUE(errorAfter(QStringLiteral(R"({"op":"subscribe","channel":"book","symbol":"no such"})"))
                    .contains(QLatin1String("symbol")));
    EXPECT_TRUE(errorAfter(QStringLiteral(R"({"op":"subscribe","channel":"orders","symbol":"AAPL"})"))
                    .contains(QLatin1String("own")));
    ws.send(QJsonObject{{QStringLiteral("op"), QStringLiteral("ping")}});
    EXPECT_TRUE(ws.nextOfType(QStringLiteral("pong")).has_value());

    // At most 50 subscriptions; one more is refused, one given back makes room again.
    for (int i = 0; i < 50; ++i)
        ws.subscribe(QStringLiteral("top"), QStringLiteral("LIM%1").arg(i));
    for (int i = 0; i < 50; ++i)
        ASSERT_TRUE(ws.nextOfType(QStringLiteral("subscribed")).has_value()) << i;
    ws.subscribe(QStringLiteral("candles"), QStringLiteral("LIMX"));
    EXPECT_TRUE(ws.nextOfType(QStringLiteral("error"))
                    ->value(QLatin1String("error"))
                    .toString()
                    .contains(QLatin1String("limit")));
    ws.send(QJsonObject{{QStringLiteral("op"), QStringLiteral("unsubscribe")},
                        {QStringLiteral("channel"), QStringLiteral("top")},
                        {QStringLiteral("symbol"), QStringLiteral("LIM0")}});
    EXPECT_TRUE(ws.nextOfType(QStringLiteral("unsubscribed")).has_value());
    ws.subscribe(QStringLiteral("candles"), QStringLiteral("LIMX"));
    EXPECT_TRUE(ws.nextOfType(QStringLiteral("subscribed")).has_value());

    // A client whose first bytes after the upgrade break the protocol is closed at once, and
    // counted no more (Qt ends such a connection before it is handed over).
    for (int i = 0; i < 3; ++i) {
        RawConnection raw(port);
        ASSERT_TRUE(raw.send("GET /api/v1/stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                             "Authorization: Bearer " +
                             tokenOf(trader.get()) + "\r\n\r\nGET / HTTP/1.1\r\n\r\n"));
        EXPECT_TRUE(raw.waitForClose());
    }

    // Binary frames are not part of the protocol: the connection is closed with 1003.
    ws.socket().sendBinaryMessage("\x01\x02");
    ASSERT_TRUE(ws.waitForClose());
    EXPECT_EQ(ws.socket().closeCode(), QWebSocketProtocol::CloseCodeDatatypeNotSupported);
    // Connections that ended are no longer counted.
    ASSERT_TRUE(waitUntil([&] {
        return client()->get(QStringLiteral("/metrics")).body.contains("kse_stream_connections 0");
    })) << client()->get(QStringLiteral("/metrics")).body.toStdString();
}

TEST_F(PlatformApiComponent, LogoutEndsTheSessionsStreamsAtOnce) {
    auto trader = user(QStringLiteral("leaver"));
    auto first = stream(trader.get());
    auto second = stream(trader.get());
    auto other = stream(user(QStringLiteral("stayer")).get());
    ASSERT_EQ(trader->post(QStringLiteral("/api/v1/logout"), {}).status, 200);
    // Well before the next heartbeat (10 s), both of the session's streams are closed.
    for (auto* s : {first.get(), second.get()}) {
        ASSERT_TRUE(s->waitForClose(5'000));
        EXPECT_EQ(s->socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        EXPECT_EQ(s->socket().closeReason(), QStringLiteral("the session has ended"));
    }
    other->send(QJsonObject{{QStringLiteral("op"), QStringLiteral("ping")}});
    EXPECT_TRUE(other->nextOfType(QStringLiteral("pong")).has_value());
    StreamClient again(s_backend->baseUrl(kPlatform));
    EXPECT_FALSE(again.open(tokenOf(trader.get())));
}

TEST_F(PlatformApiComponent, StreamClientsThatFloodAreCut) {
    auto trader = user(QStringLiteral("flooder"));
    // A message beyond 4 KiB: closed as too big, before it is read whole.
    auto big = stream(trader.get());
    big->socket().sendTextMessage(QString(5'000, QLatin1Char('x')));
    ASSERT_TRUE(big->waitForClose());
    EXPECT_EQ(big->socket().closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    // More messages than the rate allows (a burst of 100, then 20 a second): closed as a
    // policy violation, after the burst was answered.
    auto chatty = stream(trader.get());
    for (int i = 0; i < 300; ++i)
        chatty->send(QJsonObject{{QStringLiteral("op"), QStringLiteral("ping")}});
    ASSERT_TRUE(chatty->waitForClose());
    EXPECT_EQ(chatty->socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    EXPECT_GE(
        std::count_if(chatty->pending().begin(), chatty->pending().end(),
                      [](const QJsonObject& m) { return m.value(QLatin1String("type")) == QStringLiteral("pong"); }),
        100);
    // The user's other connections, and new ones, are not affected.
    auto calm = stream(trader.get());
    calm->send(QJsonObject{{QStringLiteral("op"), QStringLiteral("ping")}});
    EXPECT_TRUE(calm->nextOfType(QStringLiteral("pong")).has_value());
    // At most 16 connections of one user at once: the 17th is refused before the upgrade.
    std::vector<std::unique_ptr<StreamClient>> many;
    for (int i = 0; i < 15; ++i)
        many.push_back(stream(trader.get()));
    StreamClient oneTooMany(s_backend->baseUrl(kPlatform));
    EXPECT_FALSE(oneTooMany.open(tokenOf(trader.get())));
    many.pop_back();
    ASSERT_TRUE(waitUntil([&] { return oneTooMany.open(tokenOf(trader.get()), 2'000); }));
}

// Sends masked WebSocket pings of 125 bytes on `fd`, a WebSocket whose handshake is done, never
// reading the pongs, until the server ends the connection or `limit` bytes have gone. Returns
// the bytes sent.
qint64 pingWithoutReading(int fd, qint64 limit) {
    QByteArray frames;
    while (frames.size() < 64 * 1024) {
        frames.append(char(0x89)).append(char(0x80 | 125)).append("\x01\x02\x03\x04", 4);
        frames.append(QByteArray(125, 'p'));
    }
    qint64 sent = 0;
    while (sent < limit) {
        const auto n = ::send(fd, frames.constData(), static_cast<std::size_t>(frames.size()), MSG_NOSIGNAL);
        if (n <= 0)
            break;
        sent += n;
    }
    return sent;
}

TEST_F(PlatformApiComponent, StreamConnectionsThatNeverShakeHandsOrNeverReadAreCut) {
    auto trader = user(QStringLiteral("stuck"));
    const quint16 port = static_cast<quint16>(QUrl(s_backend->baseUrl(kPlatform)).port());
    const QByteArray token = tokenOf(trader.get());
    // Header lines ended by a bare LF: upgraded by the HTTP parser, never a complete WebSocket
    // handshake. The connection ends at the request deadline (10 s), not never.
    RawConnection bareLf(port);
    ASSERT_TRUE(bareLf.send("GET /api/v1/stream HTTP/1.1\nHost: x\nUpgrade: websocket\nConnection: Upgrade\n"
                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13\n"
                            "Authorization: Bearer " +
                            token + "\n\n"));
    EXPECT_TRUE(bareLf.waitForClose(20'000));

    // A client that pings and never reads: Qt answers every ping, and once 8 MiB of pongs wait
    // unsent the connection is cut, instead of the platform keeping them all.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    const int small = 4096;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    const QByteArray upgrade = "GET /api/v1/stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                               "Authorization: Bearer " +
                               token + "\r\n\r\n";
    ASSERT_EQ(::send(fd, upgrade.constData(), static_cast<std::size_t>(upgrade.size()), MSG_NOSIGNAL), upgrade.size());
    QByteArray head;
    char byte = 0;
    while (!head.endsWith("\r\n\r\n") && ::recv(fd, &byte, 1, 0) == 1)
        head.append(byte);
    ASSERT_TRUE(head.startsWith("HTTP/1.1 101")) << head.toStdString();
    const qint64 limit = 512LL * 1024 * 1024;
    const qint64 sent = pingWithoutReading(fd, limit);
    ::close(fd);
    EXPECT_LT(sent, limit) << "the platform kept every pong of " << sent << " bytes of pings";
    // Both connections are gone, and the platform serves the rest as before.
    ASSERT_TRUE(waitUntil([&] {
        return client()->get(QStringLiteral("/metrics")).body.contains("kse_stream_connections 0");
    })) << client()->get(QStringLiteral("/metrics")).body.toStdString();
    auto calm = stream(trader.get());
    calm->send(QJsonObject{{QStringLiteral("op"), QStringLiteral("ping")}});
    EXPECT_TRUE(calm->nextOfType(QStringLiteral("pong")).has_value());
}

TEST_F(PlatformApiComponent, OrdersFillsAndPortfolioArePushedToTheirOwnerOnly) {
    auto buyer = user(QStringLiteral("pushbuy"));
    auto seller = user(QStringLiteral("pushsell"));
    auto onlooker = user(QStringLiteral("pushlook"));
    const QString symbol = uniqueTag(QStringLiteral("PS"));
    depositShares(seller.get(), symbol, 100);
    auto buyerStream = stream(buyer.get());
    auto onlookerStream = stream(onlooker.get());
    for (auto* s : {buyerStream.get(), onlookerStream.get()}) {
        for (const QString& channel : {QStringLiteral("orders"), QStringLiteral("fills"), QStringLiteral("portfolio")})
            s->subscribe(channel);
        for (int i = 0; i < 3; ++i)
            ASSERT_TRUE(s->nextOfType(QStringLiteral("subscribed")).has_value());
    }
    // A portfolio subscription starts with the portfolio as it is.
    const auto first = buyerStream->nextOfType(QStringLiteral("portfolio"));
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->value(QLatin1String("portfolio")).toObject(),
              objectOf(buyer->get(QStringLiteral("/api/v1/portfolio"))));
    ASSERT_TRUE(onlookerStream->nextOfType(QStringLiteral("portfolio")).has_value());

    ASSERT_EQ(seller
                  ->post(QStringLiteral("/api/v1/orders"),
                         R"({"symbol":")" + symbol.toUtf8() + R"(","side":"sell","qty":30,"price":60})")
                  .status,
              202);
    const auto buy = buyer->post(QStringLiteral("/api/v1/orders"),
                                 R"({"symbol":")" + symbol.toUtf8() + R"(","side":"buy","qty":20,"price":61})");
    ASSERT_EQ(buy.status, 202);
    const QString buyId = objectOf(buy).value(QLatin1String("order_id")).toString();

    // The order as settlement leaves it: filled and its fill settled (the exchange's `filled`
    // event and the trade may come in different batches, each pushed), in the shape of
    // GET /api/v1/orders/{id}.
    const auto filled = buyerStream->next([&](const QJsonObject& m) {
        const QJsonObject order = m.value(QLatin1String("order")).toObject();
        return m.value(QLatin1String("type")) == QStringLiteral("order") &&
               order.value(QLatin1String("order_id")).toString() == buyId &&
               order.value(QLatin1String("status")).toString() == QStringLiteral("filled") &&
               order.value(QLatin1String("avg_price")).toDouble() == 60.0;
    });
    ASSERT_TRUE(filled.has_value());
    EXPECT_EQ(filled->value(QLatin1String("order")).toObject(),
              objectOf(buyer->get(QStringLiteral("/api/v1/orders/") + buyId)));
    const auto fill = buyerStream->nextOfType(QStringLiteral("fill"));
    ASSERT_TRUE(fill.has_value());
    const QJsonObject f = fill->value(QLatin1String("fill")).toObject();
    EXPECT_EQ(f.value(QLatin1String("order_id")).toString(), buyId);
    EXPECT_EQ(f.value(QLatin1String("price")).toDouble(), 60.0);
    EXPECT_EQ(f.value(QLatin1String("qty")).toInt(), 20);
    EXPECT_EQ(QJsonDocument::fromJson(buyer->get(QStringLiteral("/api/v1/fills")).body).array().first().toObject(), f);
    // The portfolio after the fill: the position, and the cash it cost, exactly.
    const auto after = buyerStream->next([&](const QJsonObject& m) {
        return m.value(QLatin1String("type")) == QStringLiteral("portfolio") &&
               !m.value(QLatin1String("portfolio")).toObject().value(QLatin1String("positions")).toArray().isEmpty();
    });
    ASSERT_TRUE(after.has_value());
    const QJsonObject p = after->value(QLatin1String("portfolio")).toObject();
    EXPECT_EQ(p.value(QLatin1String("cash")).toDouble(), 100000.0 - 1200.0);
    EXPECT_EQ(p.value(QLatin1String("positions")).toArray().first().toObject().value(QLatin1String("qty")).toInt(), 20);

    // Nobody else hears of it: the onlooker's stream, open all along, has nothing but its own
    // starting portfolio (a ping's pong proves everything sent before it has arrived).
    onlookerStream->send(QJsonObject{{QStringLiteral("op"), QStringLiteral("ping")}});
    ASSERT_TRUE(onlookerStream->nextOfType(QStringLiteral("pong")).has_value());
    for (const QJsonObject& m : onlookerStream->pending())
        EXPECT_EQ(m.value(QLatin1String("type")).toString(), QStringLiteral("heartbeat"))
            << QJsonDocument(m).toJson().toStdString();
}

TEST_F(PlatformApiComponent, BookAndTopOfBookArePushedAsTheyChange) {
    const QString symbol = uniqueTag(QStringLiteral("PT"));
    auto trader = user(QStringLiteral("pushbook"));
    auto watcher = stream(user(QStringLiteral("pushwatch")).get());
    watcher->subscribe(QStringLiteral("book"), symbol);
    watcher->subscribe(QStringLiteral("top"), symbol);
    // An empty book first: nothing rests for a symbol nobody has traded.
    const auto empty = watcher->nextOfType(QStringLiteral("book"));
    ASSERT_TRUE(empty.has_value());
    EXPECT_EQ(empty->value(QLatin1String("symbol")).toString(), symbol);
    EXPECT_TRUE(empty->value(QLatin1String("bids")).toArray().isEmpty());
    const auto emptyTop = watcher->nextOfType(QStringLiteral("top"));
    ASSERT_TRUE(emptyTop.has_value());
    EXPECT_TRUE(emptyTop->value(QLatin1String("bid")).isNull());

    for (const char* price : {"10", "10.5"})
        ASSERT_EQ(trader
                      ->post(QStringLiteral("/api/v1/orders"),
                             R"({"symbol":")" + symbol.toUtf8() + R"(","side":"buy","qty":3,"price":)" + price + "}")
                      .status,
                  202);
    const auto book = watcher->next([&](const QJsonObject& m) {
        return m.value(QLatin1String("type")) == QStringLiteral("book") &&
               m.value(QLatin1String("bids")).toArray().size() == 2;
    });
    ASSERT_TRUE(book.has_value());
    EXPECT_EQ(book->value(QLatin1String("bids")).toArray()[0].toArray(), (QJsonArray{10.5, 3}));
    EXPECT_EQ(book->value(QLatin1String("bids")).toArray()[1].toArray(), (QJsonArray{10, 3}));
    const auto top = watcher->next([&](const QJsonObject& m) {
        return m.value(QLatin1String("type")) == QStringLiteral("top") &&
               m.value(QLatin1String("bid")).toArray() == QJsonArray{10.5, 3};
    });
    ASSERT_TRUE(top.has_value());
    EXPECT_TRUE(top->value(QLatin1String("ask")).isNull());
    // A second watcher starts from the book as it is now.
    auto late = stream(user(QStringLiteral("pushlate")).get());
    late->subscribe(QStringLiteral("book"), symbol);
    const auto kept = late->nextOfType(QStringLiteral("book"));
    ASSERT_TRUE(kept.has_value());
    EXPECT_EQ(kept->value(QLatin1String("bids")).toArray().size(), 2);
}

} // namespace
