// The terminal's window without a backend (the API and Kafka unreachable; prices handed to it as
// the market feed would): its layout and workspaces, charts side by side, lines drawn on charts,
// orders placed from a chart, and price alerts.
#include <QAction>
#include <QDockWidget>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>
#include <gtest/gtest.h>

#include "api/platform_client.h"
#include "log/logger.h"
#include "style/terminal_style.h"
#include "support/wait.h"
#include "trading/order_ticket.h"
#include "ui/alert_dialog.h"
#include "ui/alerts_panel.h"
#include "ui/chart_area.h"
#include "ui/chart_tab.h"
#include "ui/chart_view.h"
#include "ui/main_window.h"
#include "ui/notice.h"
#include "ui/watchlist_bar.h"
#include "ui/watchlist_store.h"

using namespace kse;
using kse::test::waitUntil;

namespace {

constexpr std::int64_t kUnit = 10'000;

class Terminal : public testing::Test {
protected:
    // A window of its own user (settings are per user), the size of the screenshots.
    std::unique_ptr<MainWindow> window(const QString& user) {
        auto w =
            std::make_unique<MainWindow>(MainWindow::Options{user, QStringLiteral("127.0.0.1:1"), {}}, m_api, m_logger);
        w->setWindowState(Qt::WindowNoState);
        w->resize(1600, 1000);
        return w;
    }
    // A price of `symbol`, as the market feed hands the window its 1-second candles.
    static void price(MainWindow& w, const char* symbol, std::int64_t ticks) {
        Candle c = Candle::first(1'800'000'000'000, Price::fromTicks(ticks), 10, 1'800'000'000'000);
        Q_EMIT w.feed().candles({AggregateMessage{symbol, Interval::Second1, c}});
    }
    static QAction* action(QMenu& menu, const QString& startsWith) {
        for (QAction* a : menu.actions())
            if (a->text().startsWith(startsWith))
                return a;
        return nullptr;
    }

    PlatformClient m_api{QUrl(QStringLiteral("http://127.0.0.1:1"))};
    Logger m_logger{LogLevel::Error};
};

double centralShare(const MainWindow& w) {
    const QWidget* c = w.centralWidget();
    return static_cast<double>(c->width() * c->height()) / (w.width() * w.height());
}

} // namespace

TEST_F(Terminal, TheChartsTakeMoreThanHalfTheWindowAndResetLayoutGivesThatBack) {
    auto w = window(QStringLiteral("layout-user"));
    w->show();
    ASSERT_TRUE(waitUntil([&] { return centralShare(*w) > 0.5; })) << centralShare(*w);
    auto* watch = w->findChild<QDockWidget*>(QStringLiteral("market-watch"));
    auto* ticket = w->findChild<QDockWidget*>(QStringLiteral("order-ticket"));
    ASSERT_TRUE(watch && ticket);
    EXPECT_EQ(w->dockWidgetArea(ticket), Qt::BottomDockWidgetArea); // beside the orders
    // Docks moved beside the charts and one closed: the charts shrink; Reset layout brings the
    // docks and their proportions back.
    auto* depth = w->findChild<QDockWidget*>(QStringLiteral("depth"));
    w->addDockWidget(Qt::RightDockWidgetArea, ticket);
    w->addDockWidget(Qt::RightDockWidgetArea, depth);
    w->resizeDocks({ticket}, {600}, Qt::Horizontal);
    watch->close();
    ASSERT_TRUE(waitUntil([&] { return centralShare(*w) < 0.5; })) << centralShare(*w);
    w->resetLayout();
    EXPECT_TRUE(watch->isVisible());
    EXPECT_EQ(w->dockWidgetArea(ticket), Qt::BottomDockWidgetArea);
    ASSERT_TRUE(waitUntil([&] { return centralShare(*w) > 0.5; })) << centralShare(*w);
    EXPECT_LT(watch->width(), 500);
}

TEST_F(Terminal, ChartsSideBySideInAGridOfFour) {
    auto w = window(QStringLiteral("grid-user"));
    w->show();
    ChartArea& area = *w->charts();
    for (const char* s : {"AAPL", "MSFT", "GOOG"})
        w->openChart(QString::fromLatin1(s));
    w->setChartGrid(true);
    ASSERT_EQ(area.gridCharts().size(), 3u);
    for (ChartTab* c : area.gridCharts())
        EXPECT_TRUE(c->isVisible()) << c->symbol().toStdString();
    // Three: two on top, the third across the bottom row.
    EXPECT_LT(area.chart(0)->geometry().bottom(), area.chart(2)->geometry().top());
    EXPECT_GT(area.chart(2)->width(), area.chart(0)->width());
    w->openChart(QStringLiteral("AMZN"));
    ASSERT_EQ(area.gridCharts().size(), 4u);
    // A fifth takes the place of the chart in use; that one stays open, behind the grid.
    area.setCurrent(area.chart(1));
    const QString displaced = area.chart(1)->symbol();
    w->openChart(QStringLiteral("NVDA"));
    EXPECT_EQ(area.count(), 5);
    EXPECT_EQ(area.chart(1)->symbol(), QStringLiteral("NVDA"));
    EXPECT_EQ(area.chart(4)->symbol(), displaced);
    EXPECT_FALSE(area.chart(4)->isVisible());
    // Pressing a chart makes it the one in use; the depth follows it.
    Q_EMIT area.chart(3)->activated();
    EXPECT_EQ(area.current(), area.chart(3));
    // Back to tabs: all five, the one in use in front.
    w->setChartGrid(false);
    EXPECT_TRUE(area.gridCharts().empty());
    EXPECT_TRUE(area.chart(4)->isVisible() || area.current() != area.chart(4));
    EXPECT_TRUE(area.current()->isVisible());
    // A chart's own close button (in the grid) closes it.
    w->setChartGrid(true);
    ChartTab* closing = area.chart(0);
    Q_EMIT closing->closeRequested();
    EXPECT_EQ(area.count(), 4);
    EXPECT_EQ(area.find(closing->symbol()), nullptr);
}

TEST_F(Terminal, WorkspacesKeepTheDocksTheChartsTheirIntervalsAndStudies) {
    auto w = window(QStringLiteral("workspace-user"));
    w->show();
    w->openChart(QStringLiteral("AAPL"), QStringLiteral("5m"));
    ChartTab* msft = w->openChart(QStringLiteral("MSFT"), QStringLiteral("1h"));
    msft->setView({QStringLiteral("MSFT"), QStringLiteral("1h"), 0, 9, 20, true});
    w->setChartGrid(true);
    w->findChild<QDockWidget*>(QStringLiteral("depth"))->close();
    ASSERT_TRUE(w->saveWorkspace(QStringLiteral("Morning / US")));
    EXPECT_EQ(w->workspaces(), QStringList{QStringLiteral("Morning / US")});

    // Something else on screen, then back.
    w->charts()->closeAll();
    w->setChartGrid(false);
    w->openChart(QStringLiteral("GOOG"));
    w->resetLayout();
    ASSERT_TRUE(w->switchWorkspace(QStringLiteral("Morning / US")));
    ChartArea& area = *w->charts();
    ASSERT_EQ(area.count(), 2);
    EXPECT_EQ(area.chart(0)->view(), (ChartTab::View{QStringLiteral("AAPL"), QStringLiteral("5m")}));
    EXPECT_EQ(area.chart(1)->view(), (ChartTab::View{QStringLiteral("MSFT"), QStringLiteral("1h"), 0, 9, 20, true}));
    EXPECT_EQ(area.chart(1)->chart().study(CandleChart::Study::Ema), 9);
    EXPECT_TRUE(area.grid());
    EXPECT_FALSE(w->findChild<QDockWidget*>(QStringLiteral("depth"))->isVisible());
    EXPECT_EQ(w->workspace(), QStringLiteral("Morning / US"));

    // Refused names; a deleted workspace is gone.
    EXPECT_FALSE(w->saveWorkspace(QStringLiteral("   ")));
    EXPECT_FALSE(w->saveWorkspace(QString(WorkspaceStore::kMaxNameLength + 1, QLatin1Char('x'))));
    w->deleteWorkspace(QStringLiteral("Morning / US"));
    EXPECT_TRUE(w->workspaces().isEmpty());
    EXPECT_FALSE(w->switchWorkspace(QStringLiteral("Morning / US")));
}

TEST_F(Terminal, TheNextStartOpensTheLayoutOfTheLastAndAHandEditedOneIsReadWithCare) {
    {
        auto w = window(QStringLiteral("session-user"));
        w->show();
        w->openChart(QStringLiteral("AAPL"), QStringLiteral("1h"));
        w->openChart(QStringLiteral("MSFT"));
        w->setChartGrid(true);
        w->close();
    }
    {
        auto w = window(QStringLiteral("session-user"));
        ASSERT_EQ(w->charts()->count(), 2);
        EXPECT_EQ(w->charts()->chart(0)->interval(), QStringLiteral("1h"));
        EXPECT_EQ(w->charts()->current()->symbol(), QStringLiteral("MSFT"));
        EXPECT_TRUE(w->charts()->grid());
    }
    // A settings file edited by hand: a bad symbol, a bad interval, absurd periods, a huge state.
    QSettings settings;
    settings.setValue(
        QStringLiteral("users/hostile-user/last-session"),
        QVariantMap{{QStringLiteral("docks"), QByteArray(1 << 20, 'x')},
                    {QStringLiteral("charts"),
                     QStringList{QStringLiteral("not a symbol!|1m|0|0|0|0"), QStringLiteral("AAPL|7m|0|0|0|0"),
                                 QStringLiteral("MSFT|5m|99999|-3|abc|1"), QStringLiteral("GOOG|1m")}},
                    {QStringLiteral("current"), 42},
                    {QStringLiteral("grid"), QStringLiteral("yes")}});
    auto w = window(QStringLiteral("hostile-user"));
    ASSERT_EQ(w->charts()->count(), 1);
    EXPECT_EQ(w->charts()->chart(0)->view(),
              (ChartTab::View{QStringLiteral("MSFT"), QStringLiteral("5m"), 0, 0, 0, true}));
    EXPECT_EQ(w->charts()->current(), w->charts()->chart(0));
}

TEST_F(Terminal, LinesDrawnOnAChartStayAcrossRestartsAndARightClickPreparesAnOrder) {
    auto w = window(QStringLiteral("lines-user"));
    w->show();
    ChartTab* tab = w->openChart(QStringLiteral("AAPL"));
    ChartSeries series{QStringLiteral("AAPL"), QStringLiteral("1m"), {}};
    for (int i = 0; i < 30; ++i) {
        const std::int64_t p = (180 + i % 10) * kUnit;
        series.candles.push_back({1'800'000'000'000 + i * 60'000, p, p + kUnit, p - kUnit, p, 100, p, 5, true});
    }
    tab->chart().setSeries(series);
    const QRectF plot = tab->chart().pricePlot();
    const QPointF at = plot.center();
    const std::int64_t there = *tab->chart().priceAt(at);

    QMenu menu;
    tab->chartView().fillMenu(menu, at);
    ASSERT_NE(action(menu, QStringLiteral("Draw a line at")), nullptr);
    action(menu, QStringLiteral("Draw a line at"))->trigger();
    ASSERT_EQ(tab->chart().levelLines().lines().size(), 1u);
    EXPECT_EQ(tab->chart().levelLines().lines()[0].price, there);
    EXPECT_EQ(tab->chart().levelLines().visibleCount(), 1);

    // Buy limit at the price under the pointer: the ticket has it.
    QMenu buy;
    tab->chartView().fillMenu(buy, at + QPointF(0, 30));
    const std::int64_t lower = *tab->chart().priceAt(at + QPointF(0, 30));
    action(buy, QStringLiteral("Sell limit at"))->trigger();
    const auto order = w->ticket().findChildren<QLineEdit*>();
    EXPECT_TRUE(
        std::any_of(order.begin(), order.end(), [&](QLineEdit* e) { return e->text() == style::plainPrice(lower); }));
    EXPECT_TRUE(w->ticket().estimateText().contains(QStringLiteral("AAPL"))); // a sell: the shares it leaves
    w->close();

    // The next start draws it again; the right button over it removes it.
    auto again = window(QStringLiteral("lines-user"));
    again->show();
    ChartTab* back = again->charts()->find(QStringLiteral("AAPL"));
    ASSERT_NE(back, nullptr);
    back->chart().setSeries(series);
    ASSERT_EQ(back->chart().levelLines().lines().size(), 1u);
    QMenu remove;
    back->chartView().fillMenu(remove, at);
    ASSERT_NE(action(remove, QStringLiteral("Remove the line at")), nullptr);
    action(remove, QStringLiteral("Remove the line at"))->trigger();
    EXPECT_TRUE(back->chart().levelLines().lines().empty());
    EXPECT_TRUE(LevelStore(QStringLiteral("lines-user")).levels(QStringLiteral("AAPL")).empty());
}

TEST_F(Terminal, APriceAlertFiresOnceWithANoticeAndIsKeptAcrossRestarts) {
    auto w = window(QStringLiteral("alerts-user"));
    w->show();
    ChartTab* tab = w->openChart(QStringLiteral("AAPL"));
    price(*w, "AAPL", 185 * kUnit);
    // Set from the dialog, as the watch's "Alert on AAPL…" opens it.
    AlertDialog* dialog = w->openAlertDialog({{}, QStringLiteral("AAPL"), PriceAlert::Kind::Above, 185 * kUnit});
    dialog->setFields(QStringLiteral("AAPL"), PriceAlert::Kind::Above, QStringLiteral("190"));
    dialog->accept();
    ASSERT_EQ(w->alerts().alerts().size(), 1u);
    const PriceAlert set = w->alerts().alerts().front();
    EXPECT_TRUE(set.armed());
    EXPECT_EQ(set.price, 190 * kUnit);
    ASSERT_EQ(tab->chart().alertLines().lines().size(), 1u); // drawn on the chart
    EXPECT_EQ(tab->chart().alertLines().lines()[0].price, 190 * kUnit);
    EXPECT_EQ(w->alertsPanel().table()->item(0, 1)->text(), QStringLiteral("armed"));

    // A move of 1 % from the last price, refused while a field is wrong.
    AlertDialog* move = w->openAlertDialog({{}, QStringLiteral("AAPL"), PriceAlert::Kind::Move, 0});
    move->setFields(QStringLiteral("AAPL"), PriceAlert::Kind::Move, QStringLiteral("1.005"));
    QString why;
    EXPECT_FALSE(move->alert(&why));
    EXPECT_FALSE(why.isEmpty());
    move->setFields(QStringLiteral("AAPL"), PriceAlert::Kind::Move, QStringLiteral("1"));
    move->accept();
    ASSERT_EQ(w->alerts().alerts().size(), 2u);
    EXPECT_EQ(w->alerts().alerts()[1].thresholds(), (std::vector<std::int64_t>{1'831'500, 1'868'500})); // 185 ∓ 1 %
    EXPECT_EQ(tab->chart().alertLines().lines().size(), 3u);

    price(*w, "AAPL", 189 * kUnit); // the move fires (≥ 186.85), the 190 does not
    ASSERT_TRUE(waitUntil([&] { return !w->notice().text().isEmpty(); }));
    EXPECT_TRUE(w->notice().text().contains(QStringLiteral("moves 1.00 %"))) << w->notice().text().toStdString();
    price(*w, "AAPL", 1'900'100);
    EXPECT_TRUE(w->notice().text().contains(QStringLiteral("at or above 190.00"))) << w->notice().text().toStdString();
    EXPECT_FALSE(w->alerts().alerts()[0].armed());
    EXPECT_EQ(w->alerts().alerts()[0].firedPrice, 1'900'100);
    EXPECT_TRUE(w->alertsPanel().table()->item(0, 1)->text().startsWith(QStringLiteral("fired")));
    EXPECT_TRUE(tab->chart().alertLines().lines().empty()); // fired: no longer drawn
    const QString notices = w->notice().text();
    price(*w, "AAPL", 1'950'000); // fired once only
    EXPECT_EQ(w->notice().text(), notices);
    w->close();

    auto again = window(QStringLiteral("alerts-user"));
    ASSERT_EQ(again->alerts().alerts().size(), 2u);
    EXPECT_EQ(again->alerts().alerts()[0], w->alerts().alerts()[0]);
    again->removeAlert(set.id);
    EXPECT_EQ(again->alerts().alerts().size(), 1u);
    EXPECT_EQ(AlertStore(QStringLiteral("alerts-user")).load().alerts().size(), 1u);
}

TEST_F(Terminal, WatchlistsShowTheirSymbolsInTheirOwnOrderAndAreKept) {
    auto w = window(QStringLiteral("watchlist-user"));
    for (const char* s : {"AAPL", "MSFT", "GOOG", "AMZN"})
        price(*w, s, 100 * kUnit);
    ASSERT_EQ(w->watchShown().size(), 4);
    WatchlistBar& lists = w->watchlists();
    EXPECT_TRUE(lists.current().isEmpty()); // every symbol
    QString why;
    ASSERT_TRUE(lists.create(QStringLiteral("Tech"), &why)) << why.toStdString();
    EXPECT_EQ(lists.current(), QStringLiteral("Tech"));
    EXPECT_TRUE(w->watchShown().isEmpty());
    ASSERT_TRUE(lists.add(QStringLiteral("MSFT")));
    ASSERT_TRUE(lists.add(QStringLiteral("AAPL")));
    ASSERT_TRUE(lists.add(QStringLiteral("NVDA"))); // not quoted yet: listed, shown once it is
    EXPECT_EQ(w->watchShown(), (QStringList{QStringLiteral("MSFT"), QStringLiteral("AAPL")}));
    lists.move(QStringLiteral("AAPL"), -1);
    EXPECT_EQ(w->watchShown(), (QStringList{QStringLiteral("AAPL"), QStringLiteral("MSFT")}));
    price(*w, "NVDA", 500 * kUnit);
    EXPECT_EQ(w->watchShown(), (QStringList{QStringLiteral("AAPL"), QStringLiteral("MSFT"), QStringLiteral("NVDA")}));
    EXPECT_FALSE(lists.add(QStringLiteral("not a symbol!"), &why));
    EXPECT_FALSE(why.isEmpty());
    EXPECT_FALSE(lists.create(QStringLiteral("Tech"), &why)); // taken
    lists.remove(QStringLiteral("MSFT"));
    EXPECT_EQ(w->watchShown(), (QStringList{QStringLiteral("AAPL"), QStringLiteral("NVDA")}));
    w->close();

    // The next start shows the same list; "All symbols" shows every one again.
    auto again = window(QStringLiteral("watchlist-user"));
    for (const char* s : {"AAPL", "MSFT", "NVDA"})
        price(*again, s, 100 * kUnit);
    EXPECT_EQ(again->watchlists().current(), QStringLiteral("Tech"));
    EXPECT_EQ(again->watchShown(), (QStringList{QStringLiteral("AAPL"), QStringLiteral("NVDA")}));
    again->watchlists().choose({});
    EXPECT_EQ(again->watchShown().size(), 3);
    again->watchlists().choose(QStringLiteral("Tech"));
    again->watchlists().deleteCurrent();
    EXPECT_TRUE(again->watchlists().current().isEmpty());
    EXPECT_TRUE(WatchlistStore(QStringLiteral("watchlist-user")).names().isEmpty());

    // A hand-edited list: bad symbols and duplicates are dropped, the rest kept in order.
    QSettings().setValue(QStringLiteral("users/watchlist-user/watchlists/Edited"),
                         QStringList{QStringLiteral("msft"), QStringLiteral("bad symbol!"), QStringLiteral("MSFT"),
                                     QStringLiteral("AAPL")});
    EXPECT_EQ(WatchlistStore(QStringLiteral("watchlist-user")).symbols(QStringLiteral("Edited")),
              (QStringList{QStringLiteral("MSFT"), QStringLiteral("AAPL")}));
}

TEST_F(Terminal, BuyAndSellKeysPrepareTheTicketAndCanBeRebound) {
    auto w = window(QStringLiteral("keys-user"));
    w->show();
    price(*w, "AAPL", 187 * kUnit);
    w->openChart(QStringLiteral("AAPL"));
    w->marketWatch().applyTop({QStringLiteral("AAPL"), std::pair<std::int64_t, std::int64_t>{1'869'000, 100},
                               std::pair<std::int64_t, std::int64_t>{1'871'500, 40}, 1});
    ShortcutMap& keys = w->shortcuts();
    EXPECT_EQ(keys.keys(QStringLiteral("buy")), QKeySequence(QStringLiteral("Alt+B")));
    EXPECT_EQ(keys.keys(QStringLiteral("sell")), QKeySequence(QStringLiteral("Alt+S")));
    keys.entries().at(QStringLiteral("sell")).action->trigger();
    const auto fields = w->ticket().findChildren<QLineEdit*>();
    const auto priced = [&](const QString& text) {
        return std::any_of(fields.begin(), fields.end(), [&](QLineEdit* e) { return e->text() == text; });
    };
    EXPECT_TRUE(priced(QStringLiteral("186.9"))); // a sell at the best bid
    keys.entries().at(QStringLiteral("buy")).action->trigger();
    EXPECT_TRUE(priced(QStringLiteral("187.15"))); // a buy at the best ask
    EXPECT_TRUE(w->ticket().estimateText().startsWith(QStringLiteral("Value")));

    // Rebound, refused when taken, kept for the next start; the defaults come back on request.
    EXPECT_FALSE(keys.bind(QStringLiteral("buy"), QKeySequence(QStringLiteral("F9"))));
    const auto taken = keys.bind(QStringLiteral("sell"), QKeySequence(QStringLiteral("F9")));
    ASSERT_TRUE(taken);
    EXPECT_TRUE(taken->contains(QStringLiteral("Buy"))) << taken->toStdString();
    w->close();
    auto again = window(QStringLiteral("keys-user"));
    EXPECT_EQ(again->shortcuts().keys(QStringLiteral("buy")), QKeySequence(QStringLiteral("F9")));
    again->shortcuts().resetAll();
    EXPECT_EQ(again->shortcuts().keys(QStringLiteral("buy")), QKeySequence(QStringLiteral("Alt+B")));
    // A settings file that gives two actions the same keys: the later one gets its default.
    QSettings().setValue(QStringLiteral("shortcuts/sell"), QStringLiteral("Ctrl+E"));
    auto edited = window(QStringLiteral("keys-user"));
    EXPECT_NE(edited->shortcuts().keys(QStringLiteral("sell")),
              edited->shortcuts().keys(QStringLiteral("export-chart")));
    QSettings().remove(QStringLiteral("shortcuts/sell"));
}

TEST_F(Terminal, QuantityPresetsSetTheQuantityAndCanBeMadeAnother) {
    OrderTicket ticket(m_api);
    EXPECT_EQ(ticket.presets(), (QList<int>{10, 100, 500, 1'000}));
    auto* third = ticket.findChild<QToolButton*>(QStringLiteral("preset-2"));
    ASSERT_NE(third, nullptr);
    EXPECT_EQ(third->text(), QStringLiteral("500"));
    third->click();
    EXPECT_EQ(ticket.quantity(), 500);
    ticket.setQuantity(2'500);
    ticket.setPreset(0, ticket.quantity());
    ticket.setPreset(1, 0);  // refused: below the least quantity
    ticket.setPreset(9, 10); // no such button
    OrderTicket next(m_api); // kept
    EXPECT_EQ(next.presets(), (QList<int>{2'500, 100, 500, 1'000}));
    EXPECT_EQ(next.findChild<QToolButton*>(QStringLiteral("preset-0"))->text(), QStringLiteral("2,500"));
    QSettings().remove(QStringLiteral("ticket/presets"));
}
