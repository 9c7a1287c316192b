// The terminal against a real backend (`kse-backend all`, embedded Kafka, the simulator feeding
// prices): sign-in, the market watch moving with live candles from Kafka, a chart tab with its
// history, and a screenshot of the window (kept in the build directory, not committed).
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QHostAddress>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>

#include "api/platform_client.h"
#include "export/chart_exporter.h"
#include "log/logger.h"
#include "monitor/system_monitor.h"
#include "style/terminal_style.h"
#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/produce_one.h"
#include "support/suite_backend.h"
#include "support/test_brokers.h"
#include "support/wait.h"
#include "trading/blotter.h"
#include "trading/depth_ladder.h"
#include "trading/order_ticket.h"
#include "trading/portfolio_view.h"
#include "ui/analytics_panel.h"
#include "ui/chart_area.h"
#include "ui/chart_tab.h"
#include "ui/chart_view.h"
#include "ui/main_window.h"
#include "ui/stock_price_dialog.h"

using namespace kse::test;

namespace {

class Desktop : public testing::Test {
protected:
    static void SetUpTestSuite() {
        s_backend = std::make_unique<SuiteBackend>(QStringList{
            QStringLiteral("all"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--no-market-maker"),
            QStringLiteral("--simulate"), QStringLiteral("4"), QStringLiteral("--rate"), QStringLiteral("40")});
    }
    static void TearDownTestSuite() { s_backend.reset(); }
    void SetUp() override { ASSERT_TRUE(s_backend && s_backend->process.running()); }
    QUrl api() const { return QUrl(s_backend->process.baseUrl(QStringLiteral("platform-api"))); }

    // A new user, registered and signed in through the client.
    std::unique_ptr<kse::PlatformClient> signedIn(QString& name) {
        name = uniqueTag(QStringLiteral("desk")).toLower();
        auto client = std::make_unique<kse::PlatformClient>(api());
        bool done = false;
        client->registerUser(name, QStringLiteral("password-1"), [&](const kse::PlatformClient::Reply& reply) {
            EXPECT_EQ(reply.status, 201) << reply.error.toStdString();
            client->login(name, QStringLiteral("password-1"), [&](const kse::PlatformClient::Reply& login) {
                EXPECT_TRUE(login.ok()) << login.error.toStdString();
                done = true;
            });
        });
        EXPECT_TRUE(waitUntil([&] { return done; }));
        return client;
    }

    // The admin `all` created, signed in with the password it printed once.
    std::unique_ptr<kse::PlatformClient> adminClient() {
        const QString output = s_backend->process.output();
        const qsizetype at = output.indexOf(QStringLiteral("created with password "));
        EXPECT_GE(at, 0) << output.toStdString();
        const QString password = output.mid(at + 22).section(QLatin1Char(' '), 0, 0).trimmed();
        auto admin = std::make_unique<kse::PlatformClient>(api());
        bool done = false;
        admin->login(QStringLiteral("admin"), password,
                     [&](const kse::PlatformClient::Reply& reply) { done = reply.ok(); });
        EXPECT_TRUE(waitUntil([&] { return done; }));
        return admin;
    }

    // A price of `symbol` through the ingestor: the HTTP status.
    static int ingest(const QString& symbol, const char* price) {
        HttpClient http(s_backend->process.baseUrl(QStringLiteral("stock-ingestor")));
        return http
            .post(QStringLiteral("/api/v1/stock"),
                  R"({"id":1,"name":")" + symbol.toUtf8() + R"(","price":)" + QByteArray(price) + "}")
            .status;
    }

    // A limit buy of 7 at `price`, accepted (202) by the platform.
    static void restingBuy(kse::PlatformClient& client, const QString& symbol, const char* price) {
        bool done = false;
        client.post(QStringLiteral("/api/v1/orders"),
                    QJsonDocument(QJsonObject{{QStringLiteral("symbol"), symbol},
                                              {QStringLiteral("side"), QStringLiteral("buy")},
                                              {QStringLiteral("qty"), 7},
                                              {QStringLiteral("price"), QString::fromLatin1(price).toDouble()}}),
                    [&](const kse::PlatformClient::Reply& reply) {
                        EXPECT_EQ(reply.status, 202) << reply.error.toStdString();
                        done = true;
                    });
        ASSERT_TRUE(waitUntil([&] { return done; }));
    }

    static inline std::unique_ptr<SuiteBackend> s_backend;
};

} // namespace

TEST_F(Desktop, SignInTellsWhatWentWrong) {
    kse::PlatformClient client(api());
    kse::PlatformClient::Reply answer;
    bool done = false;
    client.login(QStringLiteral("nobody-at-all"), QStringLiteral("password-1"),
                 [&](const kse::PlatformClient::Reply& r) {
                     answer = r;
                     done = true;
                 });
    ASSERT_TRUE(waitUntil([&] { return done; }));
    EXPECT_EQ(answer.status, 401);
    EXPECT_EQ(answer.error, QStringLiteral("wrong username or password"));
    EXPECT_FALSE(client.signedIn());

    kse::PlatformClient nowhere(QUrl(QStringLiteral("http://127.0.0.1:1")));
    QSignalSpy reachability(&nowhere, &kse::PlatformClient::reachabilityChanged);
    done = false;
    nowhere.get(QStringLiteral("/api/v1/stocks"), [&](const kse::PlatformClient::Reply& r) {
        answer = r;
        done = true;
    });
    ASSERT_TRUE(waitUntil([&] { return done; }));
    EXPECT_EQ(answer.status, 0);
    EXPECT_FALSE(answer.error.isEmpty());
    ASSERT_EQ(reachability.count(), 1);
    EXPECT_FALSE(reachability.first().first().toBool());
}

TEST_F(Desktop, TheMarketWatchMovesLiveAndAChartOpensWithItsHistory) {
    QString name;
    auto client = signedIn(name);
    kse::Logger logger(kse::LogLevel::Warning);
    kse::MainWindow window({name, {}, {}}, *client, logger);
    window.show();
    QSignalSpy live(&window.feed(), &kse::AggregateFeed::candles);
    // Every simulated symbol appears, and candles arrive from Kafka, not only from the snapshot.
    ASSERT_TRUE(waitUntil([&] { return window.marketWatch().rowCount() >= 4 && live.count() >= 3; }, 60'000))
        << window.marketWatch().rowCount() << " rows, " << live.count() << " batches";
    EXPECT_TRUE(window.feed().connected());

    // A price ingested now reaches the market watch through stock-aggregates.
    const QString symbol = uniqueTag(QStringLiteral("DW"));
    ASSERT_EQ(ingest(symbol, "42.5"), 201);
    ASSERT_TRUE(waitUntil([&] {
        const kse::StockQuote* quote = window.marketWatch().quote(symbol);
        return quote && quote->last == 425'000;
    }));
    // The ticket offers the new symbol at once, before the next refresh of the API's list.
    QComboBox* ticketSymbols = nullptr;
    for (QComboBox* c : window.ticket().findChildren<QComboBox*>())
        if (c->isEditable())
            ticketSymbols = c;
    ASSERT_NE(ticketSymbols, nullptr);
    EXPECT_GE(ticketSymbols->findText(symbol), 0);
    EXPECT_FALSE(ticketSymbols->currentText().isEmpty());

    // A first start opens a chart of the first symbol the API lists, by itself.
    ASSERT_TRUE(waitUntil([&] { return window.charts()->count() == 1; }));
    kse::ChartTab* first = window.charts()->chart(0);
    EXPECT_NE(window.marketWatch().quote(first->symbol()), nullptr);
    EXPECT_EQ(first->interval(), QStringLiteral("1m"));

    kse::ChartTab* tab = window.openChart(first->symbol(), QStringLiteral("1s"));
    ASSERT_EQ(tab, first);
    EXPECT_EQ(tab->interval(), QStringLiteral("1s")); // the same chart, set to the interval asked for
    ASSERT_TRUE(waitUntil([&] { return tab->loaded(); }));
    EXPECT_FALSE(tab->series().candles.empty());
    const std::size_t before = tab->series().candles.size();
    ASSERT_TRUE(waitUntil([&] { return tab->series().candles.size() > before; }, 30'000)) << "no live candle appended";
    EXPECT_EQ(window.openChart(tab->symbol()), tab); // the same symbol again: the same tab
    EXPECT_EQ(window.charts()->count(), 1);

    const QImage shot = window.grab().toImage();
    EXPECT_EQ(shot.size(), window.size());
    const QString path = QDir(QStringLiteral(KSE_GUI_ARTIFACTS)).filePath(QStringLiteral("kse-desktop.png"));
    QDir().mkpath(QStringLiteral(KSE_GUI_ARTIFACTS));
    EXPECT_TRUE(shot.save(path)) << path.toStdString();
}

// The main views at 1600 × 1000, light and dark, with live data, a working order, a drawn line
// and an alert on the chart: gui-artifacts/kse-terminal-{light,dark}.png and
// kse-grid-{light,dark}.png (docs/images/terminal.png is one of them). Under Xvfb in the gui
// label (DesktopScreenshotsUnderXvfb), on the offscreen platform otherwise.
TEST_F(Desktop, ScreenshotsOfTheMainViewsInLightAndDark) {
    QString name;
    auto client = signedIn(name);
    kse::Logger logger(kse::LogLevel::Warning);
    kse::MainWindow window({name, {}, {}}, *client, logger);
    window.setWindowState(Qt::WindowNoState);
    window.resize(1600, 1000);
    window.show();
    ASSERT_TRUE(
        waitUntil([&] { return window.marketWatch().rowCount() >= 4 && window.charts()->count() == 1; }, 60'000));
    kse::ChartTab* chart = window.charts()->chart(0);
    chart->setView({chart->symbol(), QStringLiteral("1s"), 20, 0, 0, true});
    ASSERT_TRUE(waitUntil([&] { return chart->loaded() && chart->series().candles.size() >= 20; }, 60'000));
    const std::int64_t last = chart->series().candles.back().close;

    // A resting buy under the market: a line on the chart, a row in the blotter.
    kse::OrderTicket& ticket = window.ticket();
    ticket.setConfirm(false);
    QSignalSpy placed(&ticket, &kse::OrderTicket::orderPlaced);
    ticket.prepare(chart->symbol(), kse::style::plainPrice((last - last / 2000) / 100 * 100), true);
    ticket.setQuantity(50);
    ticket.submit();
    ASSERT_TRUE(waitUntil([&] { return chart->chart().orderLines().lines().size() == 1; }))
        << ticket.message().toStdString();
    // A line drawn above the market and an alert below it.
    QMenu menu;
    const QRectF plot = chart->chart().pricePlot();
    chart->chartView().fillMenu(menu, QPointF(plot.center().x(), plot.top() + plot.height() * 0.2));
    for (QAction* a : menu.actions())
        if (a->text().startsWith(QStringLiteral("Draw a line")))
            a->trigger();
    ASSERT_FALSE(
        window.putAlert({{}, chart->symbol(), kse::PriceAlert::Kind::Below, (last - last / 1000) / 100 * 100}));
    ticket.prepare(chart->symbol(), kse::style::plainPrice(last), true);
    ticket.setQuantity(10);
    ticket.setMarket(true); // the ticket shows the market order's protection price
    window.depth().setSymbol(chart->symbol());
    window.depth().setClickTrading(true); // armed, as a trader sees it
    ASSERT_TRUE(waitUntil([&] { return ticket.estimateText().startsWith(QStringLiteral("Protection")); }))
        << ticket.estimateText().toStdString();

    const QDir artifacts(QStringLiteral(KSE_GUI_ARTIFACTS));
    QDir().mkpath(artifacts.path());
    QAction* dark = nullptr;
    for (QAction* a : window.findChildren<QAction*>())
        if (a->text() == QStringLiteral("&Dark theme"))
            dark = a;
    ASSERT_NE(dark, nullptr);
    const auto shoot = [&](const QString& view) {
        double brightness[2] = {0, 0};
        for (bool isDark : {false, true}) {
            dark->setChecked(isDark);
            QTest::qWait(300); // a few live candles, and a repaint in the new theme
            const QImage shot = window.grab().toImage();
            EXPECT_EQ(shot.size(), QSize(1600, 1000));
            double sum = 0;
            for (int y = 0; y < shot.height(); y += 10)
                for (int x = 0; x < shot.width(); x += 10)
                    sum += qGray(shot.pixel(x, y));
            brightness[isDark ? 1 : 0] = sum;
            const QString file =
                QStringLiteral("kse-%1-%2.png").arg(view, isDark ? QStringLiteral("dark") : QStringLiteral("light"));
            EXPECT_TRUE(shot.save(artifacts.filePath(file))) << file.toStdString();
        }
        EXPECT_LT(brightness[1], brightness[0] * 0.6) << view.toStdString(); // the dark one is dark
    };
    shoot(QStringLiteral("terminal"));

    // Four charts side by side.
    for (int row = 0; row < window.marketWatch().rowCount() && window.charts()->count() < 4; ++row)
        window.openChart(window.marketWatch().symbolAt(row), QStringLiteral("1s"));
    window.setChartGrid(true);
    ASSERT_EQ(window.charts()->gridCharts().size(), 4u);
    ASSERT_TRUE(waitUntil([&] {
        const auto shown = window.charts()->gridCharts();
        return std::all_of(shown.begin(), shown.end(), [](kse::ChartTab* c) { return c->loaded(); });
    }));
    shoot(QStringLiteral("grid"));
    dark->setChecked(false);
}

TEST_F(Desktop, TheTicketPlacesAnOrderThatTheBlotterShowsAndCancels) {
    QString name;
    auto client = signedIn(name);
    kse::Logger logger(kse::LogLevel::Warning);
    kse::MainWindow window({name, {}, {}}, *client, logger);
    QAbstractItemModelTester ordersTester(&window.blotter().model(),
                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester openTester(window.blotter().openOrders(),
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester portfolioTester(&window.portfolio().model(),
                                             QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QString symbol = uniqueTag(QStringLiteral("DT"));
    kse::OrderTicket& ticket = window.ticket();
    ticket.setConfirm(false);

    // Refused: nothing to sell. The API's reason is shown as it is.
    ticket.prepare(symbol, QStringLiteral("10"), false);
    ticket.submit();
    ASSERT_TRUE(waitUntil([&] { return ticket.message().contains(QStringLiteral("not enough")); }))
        << ticket.message().toStdString();

    QSignalSpy placed(&ticket, &kse::OrderTicket::orderPlaced);
    ticket.prepare(symbol, QStringLiteral("10.25"), true);
    ticket.setQuantity(4);
    ticket.submit();
    ASSERT_TRUE(waitUntil([&] { return placed.count() == 1; })) << ticket.message().toStdString();
    const QString id = placed.first().first().toString();
    ASSERT_TRUE(waitUntil([&] {
        const kse::OrderRow* order = window.blotter().model().order(id);
        return order && order->status == kse::OrderStatus::Accepted;
    }));
    const kse::OrderRow* order = window.blotter().model().order(id);
    EXPECT_EQ(order->symbol, symbol);
    EXPECT_EQ(order->qty, 4);
    EXPECT_EQ(order->price, 102'500);
    EXPECT_EQ(window.blotter().openOrders()->rowCount(), 1);
    ASSERT_TRUE(waitUntil([&] { return window.portfolio().model().portfolio().reserved == 410'000; })); // 4 × 10.25

    window.blotter().cancel(id);
    ASSERT_TRUE(waitUntil([&] {
        const kse::OrderRow* o = window.blotter().model().order(id);
        return o && o->status == kse::OrderStatus::Cancelled;
    }));
    EXPECT_EQ(window.blotter().openOrders()->rowCount(), 0);
    ASSERT_TRUE(waitUntil([&] { return window.portfolio().model().portfolio().reserved == 0; }));
    EXPECT_EQ(window.portfolio().model().portfolio().cash, 100'000LL * 10'000);

    // A fill: another user, given shares by the admin, sells into a new bid.
    kse::FillsModel& fills = window.blotter().fills();
    QAbstractItemModelTester fillsTester(&fills, QAbstractItemModelTester::FailureReportingMode::Fatal);
    EXPECT_EQ(fills.rowCount(), 0);
    QString sellerName;
    auto seller = signedIn(sellerName);
    auto admin = adminClient();
    bool deposited = false;
    admin->post(QStringLiteral("/api/v1/admin/deposits"),
                QJsonDocument(QJsonObject{{QStringLiteral("username"), sellerName},
                                          {QStringLiteral("symbol"), symbol},
                                          {QStringLiteral("qty"), 2}}),
                [&](const kse::PlatformClient::Reply& reply) { deposited = reply.ok(); });
    ASSERT_TRUE(waitUntil([&] { return deposited; }));
    ticket.setQuantity(2);
    ticket.submit();
    ASSERT_TRUE(waitUntil([&] { return placed.count() == 2; })) << ticket.message().toStdString();
    bool sold = false;
    seller->post(QStringLiteral("/api/v1/orders"),
                 QJsonDocument(QJsonObject{{QStringLiteral("symbol"), symbol},
                                           {QStringLiteral("side"), QStringLiteral("sell")},
                                           {QStringLiteral("qty"), 2},
                                           {QStringLiteral("price"), 10.25}}),
                 [&](const kse::PlatformClient::Reply& reply) { sold = reply.status == 202; });
    ASSERT_TRUE(waitUntil([&] { return sold; }));
    ASSERT_TRUE(waitUntil([&] { return fills.rowCount() == 1; }));
    const kse::FillRow& fill = fills.rows().front(); // the execution, from GET /api/v1/fills
    EXPECT_EQ(fill.orderId, placed.at(1).first().toString());
    EXPECT_EQ(fill.side, kse::Side::Buy);
    EXPECT_EQ(fill.price, 102'500);
    EXPECT_EQ(fill.qty, 2);
    EXPECT_EQ(fills.data(fills.index(0, kse::FillsModel::Price)).toString(), QStringLiteral("10.25"));
    EXPECT_EQ(fills.data(fills.index(0, kse::FillsModel::Value)).toString(), QStringLiteral("20.50"));
    kse::ChartTab* chart = window.openChart(symbol, QStringLiteral("1m"));
    ASSERT_NE(chart, nullptr);
    EXPECT_EQ(chart->chart().markerCount(), 1); // the fill on the chart, at its time and price
}

// The market watch's bid, ask and spread: the best levels of the symbols in view, pushed by the
// stream's top channel as orders rest.
TEST_F(Desktop, TheWatchShowsTheBestBidAndAskAsTheStreamPushesThem) {
    QString name;
    auto client = signedIn(name);
    kse::Logger logger(kse::LogLevel::Warning);
    kse::MainWindow window({name, {}, {}}, *client, logger);
    const QString symbol = uniqueTag(QStringLiteral("DB"));
    ASSERT_EQ(ingest(symbol, "10.2"), 201);
    ASSERT_TRUE(waitUntil([&] { return window.stream().live() && window.marketWatch().quote(symbol); }));
    ASSERT_TRUE(waitUntil([&] { return window.stream().watchedTops().contains(symbol); }));
    for (const char* price : {"10", "10.05"})
        ASSERT_NO_FATAL_FAILURE(restingBuy(*client, symbol, price));
    ASSERT_TRUE(waitUntil([&] {
        const kse::StockQuote* q = window.marketWatch().quote(symbol);
        return q && q->bid == std::pair<std::int64_t, std::int64_t>{100'500, 7};
    }));
    EXPECT_FALSE(window.marketWatch().quote(symbol)->ask); // nobody sells
}

// With the stream live nothing is polled: a fill reaches the blotter, the portfolio and the
// depth ladder because the platform pushed it.
TEST_F(Desktop, FillsThePortfolioAndTheDepthArePushedNotPolled) {
    QString name;
    auto client = signedIn(name);
    kse::Logger logger(kse::LogLevel::Warning);
    kse::MainWindow window({name, {}, {}}, *client, logger);
    ASSERT_TRUE(waitUntil([&] { return window.stream().live(); }));
    EXPECT_FALSE(window.polling());
    // The first chart opens by itself, and the depth reads its symbol's book once: done before
    // the requests are counted.
    ASSERT_TRUE(waitUntil([&] {
        return window.charts()->count() == 1 &&
               window.depth().model().book().symbol == window.charts()->chart(0)->symbol();
    }));
    const QString symbol = uniqueTag(QStringLiteral("DS"));
    window.depth().setSymbol(symbol);
    ASSERT_EQ(window.stream().watchedBook(), symbol);

    // What the API is asked from here on: nothing while the stream carries everything.
    const auto ordersAsked = [&] {
        HttpClient http(api().toString());
        const QByteArray metrics = http.get(QStringLiteral("/metrics")).body;
        double total = 0;
        for (const QByteArray& line : metrics.split('\n'))
            if (line.startsWith("kse_http_requests_total{") &&
                (line.contains("route=\"/api/v1/orders\"") || line.contains("route=\"/api/v1/portfolio\"") ||
                 line.contains("route=\"/api/v1/book/<arg>\"")) &&
                line.contains("method=\"GET\""))
                total += line.mid(line.lastIndexOf(' ') + 1).toDouble();
        return total;
    };
    const double before = ordersAsked();

    QString sellerName;
    auto seller = signedIn(sellerName);
    auto admin = adminClient();
    bool deposited = false;
    admin->post(QStringLiteral("/api/v1/admin/deposits"),
                QJsonDocument(QJsonObject{{QStringLiteral("username"), sellerName},
                                          {QStringLiteral("symbol"), symbol},
                                          {QStringLiteral("qty"), 5}}),
                [&](const kse::PlatformClient::Reply& reply) { deposited = reply.ok(); });
    ASSERT_TRUE(waitUntil([&] { return deposited; }));
    bool rested = false;
    seller->post(QStringLiteral("/api/v1/orders"),
                 QJsonDocument(QJsonObject{{QStringLiteral("symbol"), symbol},
                                           {QStringLiteral("side"), QStringLiteral("sell")},
                                           {QStringLiteral("qty"), 5},
                                           {QStringLiteral("price"), 20}}),
                 [&](const kse::PlatformClient::Reply& reply) { rested = reply.status == 202; });
    ASSERT_TRUE(waitUntil([&] { return rested; }));
    ASSERT_TRUE(waitUntil([&] {
        const auto& asks = window.depth().model().book().asks;
        return !asks.empty() && asks.front() == std::pair<std::int64_t, std::int64_t>{200'000, 5};
    }));

    kse::OrderTicket& ticket = window.ticket();
    ticket.setConfirm(false);
    QSignalSpy placed(&ticket, &kse::OrderTicket::orderPlaced);
    ticket.prepare(symbol, QStringLiteral("20"), true);
    ticket.setQuantity(3);
    ticket.submit();
    ASSERT_TRUE(waitUntil([&] { return placed.count() == 1; })) << ticket.message().toStdString();
    const QString id = placed.first().first().toString();
    ASSERT_TRUE(waitUntil([&] {
        const kse::OrderRow* order = window.blotter().model().order(id);
        return order && order->status == kse::OrderStatus::Filled && window.blotter().fills().rowCount() == 1;
    }));
    EXPECT_EQ(window.blotter().fills().rows().front().orderId, id);
    ASSERT_TRUE(waitUntil([&] {
        const auto& p = window.portfolio().model().portfolio();
        return p.positions.size() == 1 && p.positions.front().qty == 3;
    }));
    ASSERT_TRUE(waitUntil([&] {
        const auto& asks = window.depth().model().book().asks;
        return !asks.empty() && asks.front().second == 2;
    }));
    // The ticket asks for the orders once an order is placed (its own answer), nothing else did.
    EXPECT_LE(ordersAsked() - before, 2.0);
    EXPECT_FALSE(window.polling());
}

TEST_F(Desktop, DepthAnalyticsAndTheAdminsPriceDialog) {
    QString name;
    auto client = signedIn(name);
    kse::Logger logger(kse::LogLevel::Warning);
    kse::MainWindow window({name, {}, {}}, *client, logger);
    window.show();

    // The layout: a closed dock and a moved one come back with View → Reset layout.
    auto* depthDock = window.findChild<QDockWidget*>(QStringLiteral("depth"));
    auto* watchDock = window.findChild<QDockWidget*>(QStringLiteral("market-watch"));
    ASSERT_TRUE(depthDock && watchDock);
    depthDock->close();
    window.addDockWidget(Qt::RightDockWidgetArea, watchDock);
    ASSERT_FALSE(depthDock->isVisible());
    ASSERT_EQ(window.dockWidgetArea(watchDock), Qt::RightDockWidgetArea);
    window.resetLayout();
    EXPECT_TRUE(depthDock->isVisible());
    EXPECT_EQ(window.dockWidgetArea(watchDock), Qt::LeftDockWidgetArea);
    EXPECT_EQ(window.dockWidgetArea(depthDock), Qt::LeftDockWidgetArea);

    const QString symbol = uniqueTag(QStringLiteral("DD"));
    for (const char* price : {"10", "9.5"})
        ASSERT_NO_FATAL_FAILURE(restingBuy(*client, symbol, price));
    kse::DepthLadder& depth = window.depth();
    QAbstractItemModelTester depthTester(&depth.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    depth.setSymbol(symbol);
    ASSERT_TRUE(waitUntil([&] { return depth.model().rowCount() == 2; }));
    EXPECT_EQ(depth.model().data(depth.model().index(0, kse::DepthModel::Price)).toString(), QStringLiteral("10.00"));
    EXPECT_EQ(depth.model().data(depth.model().index(0, kse::DepthModel::BidQty)).toString(), QStringLiteral("7"));
    EXPECT_EQ(depth.model().data(depth.model().index(1, kse::DepthModel::Price)).toString(), QStringLiteral("9.50"));
    // A click on a bid offers to sell at its price.
    QSignalSpy chosen(&depth, &kse::DepthLadder::priceChosen);
    auto* view = depth.findChild<QTableView*>();
    ASSERT_NE(view, nullptr);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->visualRect(depth.model().index(1, kse::DepthModel::Price)).center());
    ASSERT_EQ(chosen.count(), 1);
    EXPECT_EQ(chosen.first().at(1).toString(), QStringLiteral("9.5"));
    EXPECT_FALSE(chosen.first().at(2).toBool());

    // Click to trade: the Bid column sends a buy limit at the row's price with the ticket's
    // quantity; the Ask column a sell limit (refused here: this trader holds no shares).
    kse::OrderTicket& ticket = window.ticket();
    ticket.setConfirm(false);
    ticket.setQuantity(3);
    depth.setClickTrading(true);
    QSignalSpy placed(&ticket, &kse::OrderTicket::orderPlaced);
    const auto click = [&](int row, int column) {
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->visualRect(depth.model().index(row, column)).center());
    };
    click(1, kse::DepthModel::BidQty);
    EXPECT_EQ(chosen.count(), 1); // sent, not only offered to the ticket
    ASSERT_TRUE(waitUntil([&] { return placed.count() == 1; })) << ticket.message().toStdString();
    ASSERT_TRUE(waitUntil([&] {
        depth.refresh();
        return depth.model().data(depth.model().index(1, kse::DepthModel::BidQty)).toString() == QStringLiteral("10");
    })) << "the 9.50 bid holds the 7 shares before it and the 3 just sent";
    click(0, kse::DepthModel::AskQty);
    ASSERT_TRUE(waitUntil([&] { return ticket.message().contains(QStringLiteral("not enough shares")); }))
        << ticket.message().toStdString();
    EXPECT_EQ(placed.count(), 1);
    depth.setClickTrading(false); // off again: a click only offers the price
    click(0, kse::DepthModel::BidQty);
    EXPECT_EQ(chosen.count(), 2);
    EXPECT_EQ(placed.count(), 1);

    // The user's own analytics and the exchange's, with a point a minute for the last hour.
    kse::AnalyticsPanel& analytics = window.analytics();
    ASSERT_TRUE(waitUntil(
        [&] {
            analytics.refresh();
            return analytics.mine().contains(QStringLiteral("Orders placed")) &&
                   analytics.exchange().contains(QStringLiteral("Active")) && analytics.points() == 60;
        },
        30'000))
        << analytics.mine().toStdString() << analytics.exchange().toStdString();

    // Any chart on screen exports too: the picture, and its data as CSV.
    QTemporaryDir exports;
    ASSERT_EQ(kse::ChartExporter::writeView(*analytics.chartView(), exports.filePath(QStringLiteral("t.png")),
                                            QSize(640, 320)),
              std::nullopt);
    EXPECT_EQ(QImage(exports.filePath(QStringLiteral("t.png"))).size(), QSize(640, 320));
    ASSERT_EQ(kse::ChartExporter::writeView(*analytics.chartView(), exports.filePath(QStringLiteral("t.csv")),
                                            QSize(640, 320)),
              std::nullopt);
    QFile csv(exports.filePath(QStringLiteral("t.csv")));
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    EXPECT_EQ(csv.readAll().count('\n'), 1 + 60); // a header, then a point a minute for the hour

    // Admins submit prices; the API's refusal shows for a trader.
    auto admin = adminClient();
    EXPECT_EQ(admin->role(), QStringLiteral("admin"));
    kse::StockPriceDialog dialog(*admin);
    QSignalSpy submitted(&dialog, &kse::StockPriceDialog::submitted);
    dialog.fill(symbol, QStringLiteral("12.34"), 50);
    dialog.submit();
    ASSERT_TRUE(waitUntil([&] { return submitted.count() == 1; })) << dialog.message().toStdString();
    EXPECT_EQ(dialog.message(), QStringLiteral("Successfully added stock."));
    ASSERT_TRUE(waitUntil([&] {
        const kse::StockQuote* quote = window.marketWatch().quote(symbol);
        return quote && quote->last == 123'400;
    }));
    kse::StockPriceDialog refused(*client);
    refused.fill(symbol, QStringLiteral("1"), 0);
    refused.submit();
    ASSERT_TRUE(waitUntil([&] { return !refused.message().startsWith(QStringLiteral("Sending")); }));
    EXPECT_TRUE(refused.message().contains(QStringLiteral("admin"))) << refused.message().toStdString();
}

TEST_F(Desktop, TheSystemMonitorShowsServicesTopicsLagAndATail) {
    QString name;
    auto client = signedIn(name);
    kse::Logger logger(kse::LogLevel::Warning);
    kse::MainWindow window({name, {}, {}}, *client, logger);
    kse::SystemMonitor& monitor = window.monitor();
    // `all` runs the five services: each is listed and healthy.
    const auto healthy = [&] {
        int ok = 0;
        for (int row = 0; row < monitor.services()->rowCount(); ++row)
            ok += monitor.services()->item(row, 2) && monitor.services()->item(row, 2)->text() == QStringLiteral("OK")
                      ? 1
                      : 0;
        return ok;
    };
    ASSERT_TRUE(waitUntil([&] { return monitor.services()->rowCount() == 5 && healthy() == 5; }, 30'000));
    // Every contract topic with its partitions; the services' groups with their lag.
    ASSERT_TRUE(waitUntil([&] { return monitor.topics()->rowCount() == 7 && monitor.lags()->rowCount() > 0; }, 30'000));
    for (int row = 0; row < monitor.topics()->rowCount(); ++row)
        EXPECT_EQ(monitor.topics()->item(row, 1)->text(), QStringLiteral("6"))
            << monitor.topics()->item(row, 0)->text().toStdString();
    QStringList groups;
    for (int row = 0; row < monitor.lags()->rowCount(); ++row)
        groups << monitor.lags()->item(row, 0)->text();
    groups.removeDuplicates();
    groups.sort();
    EXPECT_EQ(groups, (QStringList{QStringLiteral("order-processor"), QStringLiteral("platform-api"),
                                   QStringLiteral("stock-aggregator"), QStringLiteral("user-analytics")}));
    ASSERT_TRUE(waitUntil([&] { return monitor.lagPoints() >= 8; }, 30'000)); // two rounds, four groups

    monitor.resize(1000, 700);
    QDir().mkpath(QStringLiteral(KSE_GUI_ARTIFACTS));
    EXPECT_TRUE(
        monitor.grab().save(QDir(QStringLiteral(KSE_GUI_ARTIFACTS)).filePath(QStringLiteral("kse-monitor.png"))));

    // The live tail of stock-ingress shows a price as it is ingested.
    monitor.tail(QStringLiteral("stock-ingress"));
    const QString symbol = uniqueTag(QStringLiteral("DM"));
    HttpClient ingest(s_backend->process.baseUrl(QStringLiteral("stock-ingestor")));
    ASSERT_TRUE(waitUntil(
        [&] {
            ingest.post(QStringLiteral("/api/v1/stock"), R"({"id":1,"name":")" + symbol.toUtf8() + R"(","price":3.5})");
            return waitUntil([&] { return monitor.tailText()->toPlainText().contains(symbol); }, 1'000);
        },
        30'000));
}

namespace {

quint16 freePort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// A platform API on a fixed port, on the Kafka cluster that another process hosts.
std::unique_ptr<BackendProcess> platformOn(const QString& brokers, quint16 port, const QString& dataDir) {
    auto platform = std::make_unique<BackendProcess>(QStringList{
        QStringLiteral("platform-api"), QStringLiteral("--port"), QString::number(port), QStringLiteral("--brokers"),
        brokers, QStringLiteral("--data-dir"), dataDir, QStringLiteral("--no-market-maker")});
    platform->start();
    return platform;
}

// Registers `name` through `client` and signs it in; true once the client holds its token.
bool registeredAndSignedIn(kse::PlatformClient& client, const QString& name) {
    bool in = false;
    client.registerUser(name, QStringLiteral("password-1"), [&](const kse::PlatformClient::Reply&) {
        client.login(name, QStringLiteral("password-1"), [&](const kse::PlatformClient::Reply& r) { in = r.ok(); });
    });
    return waitUntil([&] { return in; });
}

bool candle(const QString& brokers, const QString& symbol) {
    const qint64 now = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000;
    return produceOne(brokers.toStdString(), "stock-aggregates", symbol.toStdString(),
                      R"({"symbol":")" + symbol.toStdString() + R"(","interval":"1s","start":)" + std::to_string(now) +
                          R"(,"open":5,"high":5,"low":5,"close":5,"volume":1,"vwap":5,"count":1,"final":false})");
}

} // namespace

// The stream drops with the platform: the window polls meanwhile, and goes back to the stream
// once the platform is back on its port.
TEST(DesktopStream, PollsWhileTheStreamIsDownAndReturnsToIt) {
    QTemporaryDir dataDir;
    const quint16 port = freePort();
    auto kafka = std::make_unique<BackendProcess>(
        QStringList{QStringLiteral("stock-ingestor"), QStringLiteral("--port"), QStringLiteral("0")});
    kafka->start();
    auto platform = platformOn(kafka->brokers(), port, dataDir.path());
    kse::PlatformClient client(QUrl(platform->baseUrl()));
    ASSERT_TRUE(registeredAndSignedIn(client, QStringLiteral("streamer")));
    kse::Logger logger(kse::LogLevel::Error);
    kse::MainWindow window({QStringLiteral("streamer"), {}, {}}, client, logger);
    ASSERT_TRUE(waitUntil([&] { return window.stream().live(); }));
    EXPECT_FALSE(window.polling());

    EXPECT_EQ(platform->terminate(), 0);
    ASSERT_TRUE(waitUntil([&] { return !window.stream().live(); }));
    EXPECT_TRUE(window.polling());

    platform = platformOn(kafka->brokers(), port, dataDir.path()); // the session is in its Users DB
    ASSERT_TRUE(waitUntil([&] { return window.stream().live(); }, 60'000));
    EXPECT_FALSE(window.polling());
    EXPECT_EQ(platform->terminate(), 0);
    EXPECT_EQ(kafka->terminate(), 0);
}

// An embedded cluster comes back on another port when its process restarts: the window finds
// it again through the API's config, and live prices flow again.
TEST(DesktopKafka, MarketDataFollowsKafkaToANewAddress) {
    QTemporaryDir dataDir;
    const quint16 port = freePort();
    auto kafka = std::make_unique<BackendProcess>(
        QStringList{QStringLiteral("stock-ingestor"), QStringLiteral("--port"), QStringLiteral("0")});
    kafka->start();
    auto platform = platformOn(kafka->brokers(), port, dataDir.path());
    kse::PlatformClient client(QUrl(platform->baseUrl()));
    ASSERT_TRUE(registeredAndSignedIn(client, QStringLiteral("follower")));
    kse::Logger logger(kse::LogLevel::Error);
    kse::MainWindow window({QStringLiteral("follower"), {}, {}}, client, logger);
    ASSERT_TRUE(waitUntil([&] { return window.feed().connected(); }, 30'000));
    ASSERT_TRUE(waitUntil(
        [&] {
            return candle(kafka->brokers(), QStringLiteral("FIRST")) &&
                   window.marketWatch().quote(QStringLiteral("FIRST"));
        },
        30'000));

    EXPECT_EQ(platform->terminate(), 0);
    EXPECT_EQ(kafka->terminate(), 0);
    kafka = std::make_unique<BackendProcess>(
        QStringList{QStringLiteral("stock-ingestor"), QStringLiteral("--port"), QStringLiteral("0")});
    kafka->start();
    ASSERT_NE(kafka->brokers(), QString()); // a new cluster, on a new port
    platform = platformOn(kafka->brokers(), port, dataDir.path());
    ASSERT_TRUE(waitUntil(
        [&] {
            return candle(kafka->brokers(), QStringLiteral("SECOND")) &&
                   window.marketWatch().quote(QStringLiteral("SECOND"));
        },
        90'000))
        << "the window never found the new cluster";
    EXPECT_TRUE(window.feed().connected());
    EXPECT_EQ(platform->terminate(), 0);
    EXPECT_EQ(kafka->terminate(), 0);
}
