// The desktop's decoders of the platform API's answers: what the platform's own encoders write
// decodes exactly, where they are free functions (orders, the book, stocks, candles); the rest
// from the shapes of docs/http-api.md. A malformed answer is refused naming the field.
#include "api/platform_resources.h"
#include "api/stream_messages.h"
#include "domain/money.h"
#include "order_processor/order_event_codec.h"
#include "platform_api/account_views.h"
#include "platform_api/order_controller.h"
#include "platform_api/stream_protocol.h"
#include "stocks/stock_query_controller.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <gtest/gtest.h>

using namespace kse;

namespace {

QByteArray arrayOf(std::initializer_list<std::string> items) {
    std::string out = "[";
    for (const std::string& item : items)
        out += (out.size() > 1 ? "," : "") + item;
    return QByteArray::fromStdString(out + "]");
}

template <typename T> std::string refusal(const Result<T>& result) {
    return result ? std::string("accepted") : result.error();
}

PlatformOrder limitSell() {
    PlatformOrder o;
    o.id = "o-1";
    o.symbol = "AAPL";
    o.side = Side::Sell;
    o.type = OrderType::Limit;
    o.tif = TimeInForce::Ioc;
    o.qty = 30;
    o.price = Price::fromTicks(1'872'500); // 187.25
    o.status = OrderStatus::PartiallyFilled;
    o.filled = 10;
    o.notional = Money::times(Price::fromTicks(1'875'000), 10);
    o.reservation.settled = 10;
    o.reason = "ioc";
    o.created = 1'700'000'000'000;
    o.updated = 1'700'000'000'500;
    return o;
}

} // namespace

TEST(PlatformResources, OrdersAsThePlatformEncodesThemDecodeExactly) {
    PlatformOrder market;
    market.id = "o-2";
    market.symbol = "MSFT";
    market.side = Side::Buy;
    market.type = OrderType::Market;
    market.tif = TimeInForce::Fok;
    market.qty = 5;
    market.reservation.price = Price::fromTicks(196'7700); // its protection price
    market.status = OrderStatus::Pending;
    market.created = 1'700'000'000'001;
    const auto orders = decodeOrders(arrayOf({orderJson(limitSell()), orderJson(market)}));
    ASSERT_TRUE(orders) << orders.error();
    ASSERT_EQ(orders.value().size(), 2u);
    const OrderRow want{QStringLiteral("o-1"),
                        QStringLiteral("AAPL"),
                        Side::Sell,
                        OrderType::Limit,
                        TimeInForce::Ioc,
                        OrderStatus::PartiallyFilled,
                        QStringLiteral("ioc"),
                        30,
                        1'872'500,
                        10,
                        1'875'000,
                        1'700'000'000'000,
                        0};
    EXPECT_EQ(orders.value()[0], want);
    EXPECT_TRUE(orders.value()[0].open());
    const OrderRow& m = orders.value()[1];
    EXPECT_EQ(m.type, OrderType::Market);
    EXPECT_EQ(m.tif, TimeInForce::Fok);
    EXPECT_EQ(m.status, OrderStatus::Pending);
    EXPECT_EQ(m.price, 0); // a market order has none
    EXPECT_EQ(m.protection, 196'7700);
    EXPECT_EQ(orders.value()[0].protection, 0);
    EXPECT_TRUE(m.open()) << "a pending order can still be cancelled";
    PlatformOrder filled = limitSell();
    filled.status = OrderStatus::Filled;
    EXPECT_FALSE(decodeOrders(arrayOf({orderJson(filled)})).value()[0].open());
}

TEST(PlatformResources, AMalformedOrderIsRefusedNamingTheField) {
    std::string order = orderJson(limitSell());
    const auto with = [&](const std::string& from, const std::string& to) {
        std::string changed = order;
        changed.replace(changed.find(from), from.size(), to);
        return arrayOf({order, changed});
    };
    EXPECT_EQ(refusal(decodeOrders(with(R"("status":"partially_filled")", R"("status":"asleep")"))),
              "order 1: status: unknown value 'asleep'");
    EXPECT_EQ(refusal(decodeOrders(with(R"("side":"sell")", R"("side":"hold")"))),
              "order 1: side: unknown value 'hold'");
    EXPECT_EQ(refusal(decodeOrders(with(R"("tif":"ioc")", R"("tif":"IOC")"))), "order 1: tif: unknown value 'IOC'");
    EXPECT_EQ(refusal(decodeOrders(with(R"("price":187.25)", R"("price":187.00001)"))).rfind("order 1: price: ", 0),
              0u);
    EXPECT_EQ(refusal(decodeOrders(with(R"("qty":30)", R"("qty":-30)"))), "order 1: qty: must be a whole number");
    EXPECT_EQ(refusal(decodeOrders(with(R"("order_id":"o-1",)", ""))), "order 1: order_id: must be a non-empty string");
    EXPECT_EQ(refusal(decodeOrders("{}")), "the orders are not a JSON array");
    EXPECT_EQ(refusal(decodeOrders("<html>")), "the orders are not a JSON array");
}

TEST(PlatformResources, Fills) {
    const QByteArray fill =
        R"([{"trade_id":"t-9","order_id":"o-1","symbol":"AAPL","side":"buy","price":187.2501,"qty":7,"ts":1700000000123}])";
    const auto fills = decodeFills(fill);
    ASSERT_TRUE(fills) << fills.error();
    ASSERT_EQ(fills.value().size(), 1u);
    EXPECT_EQ(fills.value()[0], (FillRow{QStringLiteral("t-9"), QStringLiteral("o-1"), QStringLiteral("AAPL"),
                                         Side::Buy, 1'872'501, 7, 1'700'000'000'123}));
    EXPECT_EQ(refusal(decodeFills(QByteArray(fill).replace("\"buy\"", "\"short\""))),
              "fill 0: side: unknown value 'short'");
    EXPECT_EQ(refusal(decodeFills(QByteArray(fill).replace("\"ts\"", "\"at\""))), "fill 0: ts: must be a whole number");
    EXPECT_EQ(refusal(decodeFills("{}")), "the fills are not a JSON array");
}

TEST(PlatformResources, Portfolio) {
    const QByteArray answer =
        R"({"cash":-12.5,"reserved":100,"available":-112.5,"realized_pnl":3.0001,"unrealized_pnl":-0.5,)"
        R"("positions":[{"symbol":"AAPL","qty":10,"reserved":4,"avg_cost":187.25,"last_price":187.2,)"
        R"("market_value":1872,"unrealized_pnl":-0.5}]})";
    const auto portfolio = decodePortfolio(answer);
    ASSERT_TRUE(portfolio) << portfolio.error();
    const Portfolio want{-125'000,   1'000'000,
                         -1'125'000, 30'001,
                         -5'000,     {{QStringLiteral("AAPL"), 10, 4, 1'872'500, 1'872'000, 18'720'000, -5'000}}};
    EXPECT_EQ(portfolio.value(), want);
    EXPECT_EQ(refusal(decodePortfolio(QByteArray(answer).replace("\"reserved\":100", "\"reserved\":-100"))),
              "the portfolio's reserved: " + Price::fromDouble(-100).error());
    EXPECT_EQ(refusal(decodePortfolio(QByteArray(answer).replace("\"qty\":10", "\"qty\":1.5"))),
              "position 0: qty: must be a whole number");
    EXPECT_EQ(refusal(decodePortfolio(QByteArray(answer).replace("\"positions\"", "\"holdings\""))),
              "the portfolio's positions: must be an array");
    EXPECT_EQ(refusal(decodePortfolio("[]")), "the portfolio is not a JSON object");
}

TEST(PlatformResources, TheBookAsTheOrderProcessorEncodesItDecodesExactly) {
    OrderBook::Snapshot snapshot;
    snapshot.bids = {{1'872'500, 300}, {1'872'400, 5}};
    snapshot.asks = {{1'872'600, 1}};
    snapshot.seq = 42;
    const QByteArray json = QByteArray::fromStdString(encodeBook("AAPL", snapshot));
    const auto book = decodeBook(json);
    ASSERT_TRUE(book) << book.error();
    const BookDepth want{QStringLiteral("AAPL"), {{1'872'500, 300}, {1'872'400, 5}}, {{1'872'600, 1}}, 42};
    EXPECT_EQ(book.value(), want);
    EXPECT_EQ(refusal(decodeBook(QByteArray(json).replace("[187.26,1]", "[187.26,1.5]"))),
              "the order book's asks level 0: qty: must be a whole number");
    EXPECT_EQ(refusal(decodeBook(QByteArray(json).replace("[187.24,5]", "[187.24]"))),
              "the order book's bids level 1: must be [price, qty]");
    EXPECT_EQ(refusal(decodeBook(QByteArray(json).replace("\"seq\":42", "\"seq\":\"42\""))),
              "the order book's seq: must be a whole number");
}

TEST(PlatformResources, StocksAsTheAggregatorEncodesThemDecodeExactly) {
    StockQueries::Stock stock{"AAPL", {}};
    stock.stats.open = Price::fromTicks(1'800'000);
    stock.stats.high = Price::fromTicks(1'900'000);
    stock.stats.low = Price::fromTicks(1'790'000);
    stock.stats.last = Price::fromTicks(1'872'500);
    stock.stats.previousClose = Price::fromTicks(1'850'000);
    stock.stats.volume = 1'234;
    stock.stats.count = 17;
    stock.stats.lastTs = 1'700'000'060'000;
    const QByteArray json = arrayOf({encodeStock(stock)});
    const auto quotes = decodeQuotes(json);
    ASSERT_TRUE(quotes) << quotes.error();
    ASSERT_EQ(quotes.value().size(), 1u);
    const StockQuote want{QStringLiteral("AAPL"), 1'872'500,    1'800'000,   1'900'000, 1'790'000, 1'850'000, 1'234,
                          1'700'000'060'000,      std::nullopt, std::nullopt};
    EXPECT_EQ(quotes.value()[0], want);
    EXPECT_EQ(quotes.value()[0].change(), 22'500);
    EXPECT_EQ(refusal(decodeQuotes(QByteArray(json).replace("\"updated\"", "\"when\""))),
              "stock 0: updated: must be a whole number");
}

TEST(PlatformResources, CandlesAsTheAggregatorEncodesThemDecodeExactly) {
    Candle first = Candle::first(60'000, Price::fromTicks(1'000'000), 10, 60'001);
    first.add(Price::fromTicks(1'010'000), 30, 60'500);
    first.final = true;
    const Candle second = Candle::first(120'000, Price::fromTicks(1'005'000), 1, 120'001);
    const QByteArray json = arrayOf({encodeCandle(first), encodeCandle(second)});
    const auto candles = decodeCandles(json);
    ASSERT_TRUE(candles) << candles.error();
    ASSERT_EQ(candles.value().size(), 2u);
    const ChartCandle want{60'000, 1'000'000, 1'010'000, 1'000'000, 1'010'000, 40, first.vwap().ticks(), 2, true};
    EXPECT_EQ(candles.value()[0], want);
    EXPECT_EQ(candles.value()[1].start, 120'000);
    EXPECT_FALSE(candles.value()[1].final);
    EXPECT_EQ(refusal(decodeCandles(arrayOf({encodeCandle(second), encodeCandle(first)}))),
              "candle 1 is not after the one before");
    EXPECT_EQ(refusal(decodeCandles(QByteArray(json).replace("\"vwap\"", "\"avg\""))),
              "candle 0: vwap: must be a number");
}

TEST(PlatformResources, Config) {
    const QByteArray answer =
        R"({"kafka":{"brokers":"127.0.0.1:9092","topics":{"orders":"orders"}},)"
        R"("services":{"platform-api":"http://127.0.0.1:8080","user-analytics":"http://127.0.0.1:8084"},)"
        R"("orders":{"market_protection_bps":500}})";
    const auto config = decodeConfig(answer);
    ASSERT_TRUE(config) << config.error();
    const PlatformConfig want{QStringLiteral("127.0.0.1:9092"),
                              {{QStringLiteral("platform-api"), QStringLiteral("http://127.0.0.1:8080")},
                               {QStringLiteral("user-analytics"), QStringLiteral("http://127.0.0.1:8084")}},
                              500};
    EXPECT_EQ(config.value(), want);
    const auto bare = decodeConfig(R"({"kafka":{"brokers":"b:1"}})");
    EXPECT_TRUE(bare.value().services.isEmpty());
    EXPECT_FALSE(bare.value().marketProtectionBps); // a platform that does not say
    for (const char* bad : {"-1", "10001", "2.5", "\"500\"", "1e300"})
        EXPECT_EQ(refusal(decodeConfig(QByteArray(R"({"kafka":{"brokers":"b:1"},"orders":{"market_protection_bps":)") +
                                       bad + "}}")),
                  "the configuration's orders.market_protection_bps must be a whole number from 0 to 10000")
            << bad;
    EXPECT_EQ(refusal(decodeConfig(R"({"kafka":{"brokers":""}})")),
              "the configuration's kafka.brokers: must be a non-empty string");
    EXPECT_EQ(refusal(decodeConfig(R"({"kafka":{"brokers":"b:1"},"services":{"x":7}})")),
              "the configuration's services.x: must be a non-empty string");
}

TEST(PlatformResources, Analytics) {
    const QByteArray mine =
        R"({"user_id":"alice","logins":3,"views":9,"orders":{"placed":4,"cancel_requests":1,"filled":3,"cancelled":1,)"
        R"("rejected":0},"fill_ratio":0.75,"trades":3,"volume":20,"notional":1874.5,"realized_pnl":-2.25,"symbols":[]})";
    const auto analytics = decodeUserAnalytics(mine);
    ASSERT_TRUE(analytics) << analytics.error();
    EXPECT_EQ(analytics.value(), (UserAnalytics{3, 4, 3, 1, 0.75, 3, 20, 18'745'000, -22'500}));
    EXPECT_EQ(refusal(decodeUserAnalytics(QByteArray(mine).replace("\"filled\":3", "\"filled\":null"))),
              "the user's analytics: orders.filled: must be a whole number");

    const QByteArray summary =
        R"({"at":1,"active_users":{"1m":1,"1h":2,"24h":3},"users":3,"last_hour":{"logins":1,"views":0,)"
        R"("orders":{},"trades":5,"volume":50,"notional":100.5},"top_viewed":[],)"
        R"("top_traded":[{"symbol":"AAPL","notional":90,"volume":40,"trades":4},{"symbol":"MSFT","notional":10.5,"volume":10,"trades":1}]})";
    const auto exchange = decodeExchangeSummary(summary);
    ASSERT_TRUE(exchange) << exchange.error();
    EXPECT_EQ(exchange.value(),
              (ExchangeSummary{1, 2, 3, 5, 50, 1'005'000, {QStringLiteral("AAPL"), QStringLiteral("MSFT")}}));
    EXPECT_EQ(refusal(decodeExchangeSummary(QByteArray(summary).replace("\"24h\":3", "\"24h\":-3"))),
              "the exchange's summary: active_users.24h: must be a whole number");
    EXPECT_EQ(refusal(decodeExchangeSummary(QByteArray(summary).replace("{\"symbol\":\"MSFT\",", "{"))),
              "the exchange's summary: top_traded 1: symbol: must be a non-empty string");

    const auto series = decodeSeries(R"([{"minute":60000,"value":4},{"minute":120000,"value":10.25}])");
    ASSERT_TRUE(series) << series.error();
    EXPECT_EQ(series.value(), (std::vector<SeriesPoint>{{60'000, 4}, {120'000, 10.25}}));
    EXPECT_EQ(refusal(decodeSeries(R"([{"minute":60000,"value":"4"}])")), "point 0: value: must be a number");
}

TEST(PlatformResources, AnswersThatSayWhatHappened) {
    EXPECT_EQ(decodeOrderId(R"({"order_id":"o-7","status":"pending"})").value(), QStringLiteral("o-7"));
    EXPECT_EQ(refusal(decodeOrderId(R"({"status":"pending"})")), "the answer's order_id: must be a non-empty string");
    EXPECT_EQ(decodeMessage(R"({"message":"Successfully added stock."})").value(),
              QStringLiteral("Successfully added stock."));
    EXPECT_EQ(refusal(decodeMessage("")), "the answer is not a JSON object");
}

TEST(PlatformResources, RequestBodiesSpellTheContractAndPricesExactly) {
    const OrderPlacement limit{QStringLiteral("AAPL"), Side::Sell, OrderType::Limit, 25, 1'872'501, TimeInForce::Fok};
    const QJsonObject body = QJsonDocument::fromJson(encodeOrderPlacement(limit)).object();
    EXPECT_EQ(body, (QJsonObject{{QStringLiteral("symbol"), QStringLiteral("AAPL")},
                                 {QStringLiteral("side"), QStringLiteral("sell")},
                                 {QStringLiteral("order_type"), QStringLiteral("limit")},
                                 {QStringLiteral("qty"), 25},
                                 {QStringLiteral("tif"), QStringLiteral("fok")},
                                 {QStringLiteral("price"), 187.2501}}));
    // The platform reads a price through Price::fromDouble: the bytes sent must read back as the ticks.
    EXPECT_EQ(Price::fromDouble(body.value(QLatin1String("price")).toDouble()).value().ticks(), 1'872'501);
    const OrderPlacement market{QStringLiteral("AAPL"), Side::Buy,       OrderType::Market, 1,
                                std::nullopt,           TimeInForce::Ioc};
    EXPECT_FALSE(QJsonDocument::fromJson(encodeOrderPlacement(market)).object().contains(QLatin1String("price")));

    const QJsonObject price = QJsonDocument::fromJson(encodePriceSubmission({QStringLiteral("AAPL"), 1, 50})).object();
    EXPECT_EQ(price, (QJsonObject{{QStringLiteral("id"), 1},
                                  {QStringLiteral("name"), QStringLiteral("AAPL")},
                                  {QStringLiteral("price"), 0.0001},
                                  {QStringLiteral("volume"), 50}}));
    EXPECT_FALSE(QJsonDocument::fromJson(encodePriceSubmission({QStringLiteral("AAPL"), 1, std::nullopt}))
                     .object()
                     .contains(QLatin1String("volume")));
}

TEST(PlatformResources, TheTopOfTheBookAsThePlatformEncodesItDecodesExactly) {
    const stream::Book book{"AAPL",
                            {{Price::fromTicks(1'872'500), 30}, {Price::fromTicks(1'872'400), 5}},
                            {{Price::fromTicks(1'873'100), 7}},
                            12};
    const auto top = decodeStreamMessage(QByteArray::fromStdString(stream::top(book)));
    ASSERT_TRUE(top) << top.error();
    ASSERT_TRUE(std::holds_alternative<TopOfBook>(top.value()));
    const TopOfBook& t = std::get<TopOfBook>(top.value());
    EXPECT_EQ(t, (TopOfBook{QStringLiteral("AAPL"), std::pair<std::int64_t, std::int64_t>{1'872'500, 30},
                            std::pair<std::int64_t, std::int64_t>{1'873'100, 7}, 12}));
    const auto oneSided =
        decodeStreamMessage(QByteArray::fromStdString(stream::top({"AAPL", {}, {{Price::fromTicks(10'000), 1}}, 3})));
    ASSERT_TRUE(oneSided) << oneSided.error();
    EXPECT_FALSE(std::get<TopOfBook>(oneSided.value()).bid);
    EXPECT_TRUE(std::get<TopOfBook>(oneSided.value()).ask);
    for (const char* bad : {R"({"type":"top","symbol":"A","bid":[1],"ask":null,"seq":1})",
                            R"({"type":"top","symbol":"A","bid":[2,1],"ask":[1,1],"seq":1})", // crossed
                            R"({"type":"top","symbol":"A","bid":[1,-1],"ask":null,"seq":1})",
                            R"({"type":"top","symbol":"A","bid":"x","ask":null,"seq":1})",
                            R"({"type":"top","bid":null,"ask":null,"seq":1})"})
        EXPECT_FALSE(decodeStreamMessage(bad)) << bad;
}

TEST(PlatformResources, StreamMessagesDecodeWithTheChecksOfTheirHttpShapes) {
    const auto order = decodeStreamMessage(QByteArray("{\"type\":\"order\",\"order\":") +
                                           QByteArray::fromStdString(orderJson(limitSell())) + "}");
    ASSERT_TRUE(order) << order.error();
    ASSERT_TRUE(std::holds_alternative<OrderRow>(order.value()));
    EXPECT_EQ(std::get<OrderRow>(order.value()).symbol, QStringLiteral("AAPL"));
    const auto fill = decodeStreamMessage(
        R"({"type":"fill","fill":{"trade_id":"T-1","order_id":"o-1","symbol":"AAPL","side":"buy","price":187.25,"qty":3,"ts":5}})");
    ASSERT_TRUE(fill) << fill.error();
    EXPECT_EQ(std::get<FillRow>(fill.value()).price, 1'872'500);
    const auto portfolio = decodeStreamMessage(
        R"({"type":"portfolio","portfolio":{"cash":10,"reserved":0,"available":10,"realized_pnl":0,"unrealized_pnl":0,"positions":[]}})");
    ASSERT_TRUE(portfolio) << portfolio.error();
    EXPECT_EQ(std::get<Portfolio>(portfolio.value()).cash, 100'000);
    const auto book = decodeStreamMessage(R"({"type":"book","symbol":"AAPL","bids":[[187.25,30]],"asks":[],"seq":7})");
    ASSERT_TRUE(book) << book.error();
    EXPECT_EQ(std::get<BookDepth>(book.value()).bids.front(), (std::pair<std::int64_t, std::int64_t>{1'872'500, 30}));
    const auto welcome =
        decodeStreamMessage(R"({"type":"welcome","username":"al","heartbeat_ms":10000,"max_subscriptions":50})");
    ASSERT_TRUE(welcome);
    EXPECT_EQ(std::get<StreamWelcome>(welcome.value()).heartbeatMs, 10'000);
    const auto error = decodeStreamMessage(R"({"type":"error","error":"subscription limit reached"})");
    ASSERT_TRUE(error);
    EXPECT_EQ(std::get<StreamNote>(error.value()).text, QStringLiteral("subscription limit reached"));

    // What the HTTP decoders refuse, the stream's refuse too; and what is no message at all.
    for (const char* bad :
         {R"({"type":"order","order":{"order_id":"o-1"}})", R"({"type":"order","order":[]})",
          R"({"type":"fill","fill":{"trade_id":"T","price":-1}})", R"({"type":"portfolio","portfolio":{"cash":"x"}})",
          R"({"type":"book","symbol":"A","bids":[[1]],"asks":[],"seq":1})", R"({"type":"welcome","heartbeat_ms":0})",
          R"({"no":"type"})", "[]", "not json"})
        EXPECT_FALSE(decodeStreamMessage(bad)) << bad;
}
