#include "ui/main_window.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTimer>
#include <QUuid>
#include <QVBoxLayout>
#include <algorithm>

#include "export/chart_exporter.h"
#include "market/watchlist_proxy.h"
#include "monitor/system_monitor.h"
#include "style/terminal_style.h"
#include "style/theme.h"
#include "trading/blotter.h"
#include "trading/depth_ladder.h"
#include "trading/order_ticket.h"
#include "trading/portfolio_view.h"
#include "ui/about_dialog.h"
#include "ui/alert_dialog.h"
#include "ui/alerts_panel.h"
#include "ui/analytics_panel.h"
#include "ui/chart_area.h"
#include "ui/chart_tab.h"
#include "ui/chart_view.h"
#include "ui/column_chooser.h"
#include "ui/column_fitter.h"
#include "ui/notice.h"
#include "ui/product_identity.h"
#include "ui/shortcuts_dialog.h"
#include "ui/sparkline_delegate.h"
#include "ui/stock_price_dialog.h"
#include "ui/watchlist_bar.h"

namespace kse {
namespace {
constexpr int kQuotesRefreshMs = 5'000;
}

MainWindow::MainWindow(Options options, PlatformClient& api, Logger& logger, QWidget* parent)
    : QMainWindow(parent)
    , m_options(std::move(options))
    , m_api(api)
    , m_feed(logger)
    , m_sorted(new WatchlistProxy(this))
    , m_watchView(new QTableView)
    , m_filter(new QLineEdit)
    , m_charts(new ChartArea)
    , m_apiState(new QLabel)
    , m_kafkaState(new QLabel)
    , m_ticket(new OrderTicket(api))
    , m_blotter(new Blotter(api))
    , m_portfolio(new PortfolioView(api))
    , m_depth(new DepthLadder(api))
    , m_analytics(new AnalyticsPanel(api))
    , m_monitor(new SystemMonitor(api, {m_options.brokers.toStdString(), m_options.kafkaProperties}, logger))
    , m_stream(api.api())
    , m_workspaces(m_options.username)
    , m_levels(m_options.username)
    , m_watchlistStore(m_options.username)
    , m_alertStore(m_options.username)
    , m_alerts(m_alertStore.load())
    , m_alertsPanel(new AlertsPanel)
    , m_notice(new Notice(this)) {
    setWindowTitle(tr("KSE — %1").arg(m_options.username));
    setWindowIcon(product::icon());
    // Most of the screen, up to 1600 × 1000; maximized on a screen smaller than 1280 × 800.
    if (const QScreen* display = screen()) {
        const QSize available = display->availableGeometry().size();
        if (available.width() < 1280 || available.height() < 800)
            setWindowState(Qt::WindowMaximized);
        else
            resize(QSize(1600, 1000).boundedTo(available * 0.92));
    }

    m_sorted->setSourceModel(&m_watch);
    m_watchView->setModel(m_sorted);
    m_watchView->setSortingEnabled(true);
    m_watchView->sortByColumn(MarketWatchModel::Symbol, Qt::AscendingOrder);
    m_watchView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_watchView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_watchView->verticalHeader()->hide();
    m_watchView->setItemDelegateForColumn(MarketWatchModel::Trend,
                                          new SparklineDelegate(MarketWatchModel::TrendRole, m_watchView));
    new ColumnFitter(m_watchView);
    // The change in price, high, low, volume and the time are a right-click on the header away:
    // the watch stays narrow beside the charts.
    new ColumnChooser(
        m_watchView->horizontalHeader(), QStringLiteral("watch/hidden-columns"),
        {MarketWatchModel::Change, MarketWatchModel::High, MarketWatchModel::Low, MarketWatchModel::Updated});
    m_filter->setPlaceholderText(tr("Filter symbols"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_sorted, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_watchView, &QTableView::doubleClicked, this,
            [this](const QModelIndex& index) { openChart(m_watch.symbolAt(m_sorted->mapToSource(index).row())); });
    auto* watch = new QWidget;
    auto* watchLayout = new QVBoxLayout(watch);
    watchLayout->setContentsMargins(2, 2, 2, 2);
    m_watchlistBar = new WatchlistBar(m_watchlistStore, *m_sorted, [this] {
        const QModelIndex current = m_watchView->currentIndex();
        return current.isValid() ? m_watch.symbolAt(m_sorted->mapToSource(current).row()) : QString();
    });
    connect(m_watchlistBar, &WatchlistBar::shown, this, [this](const QString& list) {
        if (!list.isEmpty()) // in the list's own order
            m_watchView->sortByColumn(MarketWatchModel::Symbol, Qt::AscendingOrder);
    });
    connect(m_watchlistBar, &WatchlistBar::refused, this,
            [this](const QString& reason) { statusBar()->showMessage(reason, 5'000); });
    watchLayout->addWidget(m_watchlistBar);
    watchLayout->addWidget(m_filter);
    watchLayout->addWidget(m_watchView);
    auto* dock = new QDockWidget(tr("Market watch"));
    dock->setObjectName(QStringLiteral("market-watch"));
    dock->setWidget(watch);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    m_watchView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_watchView, &QTableView::customContextMenuRequested, this, &MainWindow::tradeMenu);

    const auto addDock = [this](const QString& title, const char* name, QWidget* widget, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title);
        d->setObjectName(QString::fromLatin1(name));
        d->setWidget(widget);
        addDockWidget(area, d);
        return d;
    };
    // The charts in the middle; the watch over the depth on the left, the whole height; the
    // orders (and the portfolio, analytics, monitor behind them) under the charts, with the
    // ticket beside them.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    QDockWidget* depthDock = addDock(tr("Depth"), "depth", m_depth, Qt::LeftDockWidgetArea);
    splitDockWidget(dock, depthDock, Qt::Vertical);
    QDockWidget* ordersDock = addDock(tr("Orders"), "orders", m_blotter, Qt::BottomDockWidgetArea);
    QDockWidget* ticketDock = addDock(tr("Order ticket"), "order-ticket", m_ticket, Qt::BottomDockWidgetArea);
    splitDockWidget(ordersDock, ticketDock, Qt::Horizontal);
    QDockWidget* portfolioDock = addDock(tr("Portfolio"), "portfolio", m_portfolio, Qt::BottomDockWidgetArea);
    QDockWidget* analyticsDock = addDock(tr("Analytics"), "analytics", m_analytics, Qt::BottomDockWidgetArea);
    QDockWidget* monitorDock = addDock(tr("System monitor"), "system-monitor", m_monitor, Qt::BottomDockWidgetArea);
    QDockWidget* alertsDock = addDock(tr("Alerts"), "alerts", m_alertsPanel, Qt::BottomDockWidgetArea);
    tabifyDockWidget(ordersDock, portfolioDock);
    tabifyDockWidget(portfolioDock, alertsDock);
    tabifyDockWidget(alertsDock, analyticsDock);
    tabifyDockWidget(analyticsDock, monitorDock);
    ordersDock->raise();
    connect(m_depth, &DepthLadder::priceChosen, m_ticket, &OrderTicket::prepare);
    connect(m_depth, &DepthLadder::tradeRequested, m_ticket, &OrderTicket::sendLimit);
    connect(m_watchView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    m_depth->setSymbol(m_watch.symbolAt(m_sorted->mapToSource(current).row()));
            });
    connect(m_ticket, &OrderTicket::orderPlaced, this, [this] { refreshTrading(); });
    // The working orders drawn on their charts, as the blotter learns of them.
    OrdersModel& orders = m_blotter->model();
    connect(&orders, &QAbstractItemModel::modelReset, this, &MainWindow::showOrderLines);
    connect(&orders, &QAbstractItemModel::rowsInserted, this, &MainWindow::showOrderLines);
    connect(&orders, &QAbstractItemModel::rowsRemoved, this, &MainWindow::showOrderLines);
    connect(&orders, &QAbstractItemModel::dataChanged, this, &MainWindow::showOrderLines);
    connect(&m_portfolio->model(), &PortfolioModel::totalsChanged, this, [this] {
        const Portfolio& p = m_portfolio->model().portfolio();
        OrderTicket::Holdings holdings{p.available, {}};
        for (const Portfolio::Position& position : p.positions)
            holdings.shares[position.symbol] = position.qty - position.reserved;
        m_ticket->setHoldings(std::move(holdings));
    });
    m_ticket->setLastPrices([this](const QString& symbol) -> std::optional<std::int64_t> {
        const StockQuote* quote = m_watch.quote(symbol);
        return quote ? std::optional(quote->last) : std::nullopt;
    });

    setCentralWidget(m_charts);
    // The depth follows the chart in use; a chart opened by itself leaves a depth already chosen.
    connect(m_charts, &ChartArea::currentChanged, this, [this](ChartTab* tab) {
        if (tab && !(m_openingByItself && !m_depth->symbol().isEmpty()))
            m_depth->setSymbol(tab->symbol());
    });

    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* exportAction = file->addAction(tr("&Export chart…"), this, &MainWindow::exportChart);
    if (m_api.role() == QLatin1String("admin")) // the API answers 403 to anyone else
        file->addAction(tr("Submit stock &price…"), this, &MainWindow::submitStockPrice);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(dock->toggleViewAction());
    view->addAction(ticketDock->toggleViewAction());
    view->addAction(ordersDock->toggleViewAction());
    view->addAction(portfolioDock->toggleViewAction());
    view->addAction(depthDock->toggleViewAction());
    view->addAction(analyticsDock->toggleViewAction());
    view->addAction(alertsDock->toggleViewAction());
    connect(m_alertsPanel, &AlertsPanel::newRequested, this, [this] {
        const QString symbol = m_charts->current() ? m_charts->current()->symbol() : QString();
        openAlertDialog({{}, symbol, PriceAlert::Kind::Above, lastPrice(symbol).value_or(0), 0, 0, 0});
    });
    connect(m_alertsPanel, &AlertsPanel::editRequested, this, [this](const QString& id) {
        if (const PriceAlert* a = m_alerts.find(id))
            openAlertDialog(*a);
    });
    connect(m_alertsPanel, &AlertsPanel::rearmRequested, this, [this](const QString& id) {
        if (const PriceAlert* a = m_alerts.find(id)) {
            m_alerts.rearm(id, lastPrice(a->symbol).value_or(0));
            alertsChanged();
        }
    });
    connect(m_alertsPanel, &AlertsPanel::removeRequested, this, &MainWindow::removeAlert);
    m_alertsPanel->show(m_alerts);
    view->addAction(monitorDock->toggleViewAction());
    view->addSeparator();
    m_gridAction = view->addAction(tr("Charts in a &grid"));
    m_gridAction->setCheckable(true);
    connect(m_gridAction, &QAction::toggled, this, &MainWindow::setChartGrid);
    view->addAction(tr("&Reset layout"), this, &MainWindow::resetLayout);
    QAction* dark = view->addAction(tr("&Dark theme"));
    dark->setCheckable(true);
    connect(dark, &QAction::toggled, this, &MainWindow::setDark);
    m_saveWorkspace = new QAction(tr("&Save workspace as…"), this);
    connect(m_saveWorkspace, &QAction::triggered, this, &MainWindow::askWorkspaceName);
    m_workspaceMenu = menuBar()->addMenu(tr("&Workspaces"));
    connect(m_workspaceMenu, &QMenu::aboutToShow, this, &MainWindow::fillWorkspaceMenu);
    fillWorkspaceMenu();
    QMenu* trade = menuBar()->addMenu(tr("&Trade"));
    QAction* buy = trade->addAction(tr("&Buy…"), this, [this] { prepareOrder(true); });
    QAction* sell = trade->addAction(tr("&Sell…"), this, [this] { prepareOrder(false); });
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts…"), this, [this] {
        auto* dialog = new ShortcutsDialog(m_shortcuts, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    help->addAction(tr("&About KSE"), this, &MainWindow::showAbout);
    // Rebindable (Help → Keyboard shortcuts…); the defaults are in docs/desktop.md.
    m_shortcuts.add(QStringLiteral("buy"), buy, QKeySequence(QStringLiteral("Alt+B")));
    m_shortcuts.add(QStringLiteral("sell"), sell, QKeySequence(QStringLiteral("Alt+S")));
    m_shortcuts.add(QStringLiteral("export-chart"), exportAction, QKeySequence(QStringLiteral("Ctrl+E")));
    m_shortcuts.add(QStringLiteral("chart-grid"), m_gridAction, QKeySequence(QStringLiteral("Ctrl+G")));
    m_shortcuts.add(QStringLiteral("save-workspace"), m_saveWorkspace, QKeySequence(QStringLiteral("Ctrl+Shift+S")));
    m_shortcuts.restore();

    statusBar()->addPermanentWidget(m_apiState);
    statusBar()->addPermanentWidget(m_kafkaState);
    showApiState(true);
    showKafkaState(false);
    connect(&m_api, &PlatformClient::reachabilityChanged, this, &MainWindow::showApiState);
    connect(&m_feed, &AggregateFeed::connectedChanged, this, &MainWindow::showKafkaState);
    connect(&m_feed, &AggregateFeed::refused, this, &MainWindow::showKafkaRefusal);
    connect(&m_feed, &AggregateFeed::candles, this, [this](const std::vector<AggregateMessage>& batch) {
        m_watch.applyCandles(batch);
        if (!m_alerts.alerts().empty())
            for (const AggregateMessage& m : batch)
                if (m.interval == Interval::Second1) // each price once, not once per interval
                    checkAlerts(QString::fromStdString(m.symbol), m.candle.close.ticks(), m.candle.start);
        for (ChartTab* tab : m_charts->charts())
            tab->apply(batch);
        m_charts->redrawSoon();
    });
    // The ticket offers every symbol the watch shows, whether from the API's list or live from Kafka.
    connect(&m_watch, &QAbstractItemModel::rowsInserted, this, &MainWindow::offerSymbols);
    connect(&m_watch, &QAbstractItemModel::modelReset, this, &MainWindow::offerSymbols);
    // A first start shows a chart of the first symbol as soon as there is one.
    // (After the API's list has come: live candles may bring other symbols first.)
    connect(&m_watch, &QAbstractItemModel::rowsInserted, this, &MainWindow::openFirstChart);
    m_quotesTimer.setInterval(kQuotesRefreshMs);
    connect(&m_quotesTimer, &QTimer::timeout, this, &MainWindow::refreshQuotes);
    m_quotesTimer.start();
    m_tradingTimer.setInterval(1'000);
    connect(&m_tradingTimer, &QTimer::timeout, this, &MainWindow::refreshTrading);
    m_tradingTimer.start();
    refreshTrading();
    // Orders, fills, the portfolio and the depth come pushed by the stream while it is live.
    connect(&m_stream, &PlatformStream::liveChanged, this, &MainWindow::streamLive);
    connect(&m_stream, &PlatformStream::orderChanged, m_blotter, &Blotter::applyOrder);
    connect(&m_stream, &PlatformStream::filled, m_blotter, &Blotter::applyFill);
    connect(&m_stream, &PlatformStream::portfolioChanged, m_portfolio, &PortfolioView::show);
    connect(&m_stream, &PlatformStream::bookChanged, m_depth, &DepthLadder::showBook);
    // The best bid and ask of the symbols in view in the watch: asked for again when the rows in
    // view change (scrolled, sorted, filtered, new symbols), a quarter of a second after.
    connect(&m_stream, &PlatformStream::topChanged, &m_watch, &MarketWatchModel::applyTop);
    m_topsTimer.setSingleShot(true);
    m_topsTimer.setInterval(250);
    connect(&m_topsTimer, &QTimer::timeout, this, &MainWindow::watchVisibleTops);
    const auto soon = [this] { m_topsTimer.start(); };
    connect(m_watchView->verticalScrollBar(), &QScrollBar::valueChanged, this, soon);
    connect(m_sorted, &QAbstractItemModel::layoutChanged, this, soon);
    connect(m_sorted, &QAbstractItemModel::rowsInserted, this, soon);
    connect(m_sorted, &QAbstractItemModel::rowsRemoved, this, soon);
    connect(m_sorted, &QAbstractItemModel::modelReset, this, soon);
    connect(m_depth, &DepthLadder::symbolChanged, &m_stream, &PlatformStream::watchBook);
    if (m_api.signedIn())
        m_stream.start(m_api.token());

    connect(&m_blotter->fills(), &QAbstractItemModel::rowsInserted, this, &MainWindow::showFills);
    const QSettings settings;
    dark->setChecked(settings.value(QStringLiteral("window/dark"), false).toBool());
    if (!dark->isChecked())
        setDark(false); // not toggled from the default: the light theme's sheets are applied here
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    m_defaultLayout = saveState();
    if (const auto last = m_workspaces.lastSession()) {
        applyWorkspace(*last);
        m_proportioned = !last->docks.isEmpty(); // the docks as the user left them
        m_firstChartPending = last->charts.empty();
    }
    refreshQuotes();
    connectMarketData();
    m_monitor->start();
}

MainWindow::~MainWindow() { m_feed.stop(); }

void MainWindow::connectMarketData() {
    if (!m_options.brokers.isEmpty()) {
        m_brokers = m_options.brokers;
        m_feed.start({m_brokers.toStdString(), m_options.kafkaProperties});
    }
    readConfig();
}

void MainWindow::readConfig() {
    m_api.config([this](const Result<PlatformConfig>& config) {
        if (!config) {
            // Asked again on the next quotes refresh: the API may be starting.
            QTimer::singleShot(kQuotesRefreshMs, this, &MainWindow::readConfig);
            return;
        }
        m_ticket->setMarketProtection(config.value().marketProtectionBps);
        if (!m_options.brokers.isEmpty())
            return; // the brokers given on the command line win
        m_brokers = config.value().brokers;
        m_feed.start({m_brokers.toStdString(), m_options.kafkaProperties});
    });
}

void MainWindow::rediscoverKafka() {
    // An embedded cluster comes back on another port when the backend restarts: when market
    // data is down, ask the API again where Kafka is, and follow it if it moved.
    if (!m_options.brokers.isEmpty() || m_feed.connected() || m_brokers.isEmpty())
        return;
    m_api.config([this](const Result<PlatformConfig>& config) {
        if (!config || config.value().brokers == m_brokers)
            return;
        m_brokers = config.value().brokers;
        m_feed.start({m_brokers.toStdString(), m_options.kafkaProperties});
        m_monitor->start();
    });
}

void MainWindow::refreshQuotes() {
    rediscoverKafka();
    m_api.stocks([this](const Result<std::vector<StockQuote>>& quotes) {
        if (!quotes)
            return;
        m_watch.applySnapshot(quotes.value());
        for (const StockQuote& quote : quotes.value())
            checkAlerts(quote.symbol, quote.last, QDateTime::currentMSecsSinceEpoch());
        m_listed = true;
        openFirstChart();
        m_topsTimer.start(); // also catches a watch resized to show more rows
    });
}

void MainWindow::offerSymbols() {
    QStringList symbols;
    for (int row = 0; row < m_watch.rowCount(); ++row)
        symbols << m_watch.symbolAt(row);
    symbols.sort();
    m_ticket->setSymbols(symbols);
}

ChartTab* MainWindow::openChart(const QString& symbol, const QString& interval) {
    if (symbol.isEmpty())
        return nullptr;
    m_firstChartPending = false;
    if (ChartTab* open = m_charts->find(symbol)) {
        m_charts->setCurrent(open);
        if (!interval.isEmpty() && open->interval() != interval) {
            ChartTab::View view = open->view();
            view.interval = interval;
            open->setView(view);
        }
        return open;
    }
    auto* tab = new ChartTab(symbol, interval.isEmpty() ? QStringLiteral("1m") : interval, m_api);
    if (m_dark)
        tab->chart().setTheme(CandleChart::Theme::Dark);
    wireChart(tab);
    m_charts->add(tab);
    showFills();
    showOrderLines();
    alertsChanged();
    return tab;
}

void MainWindow::wireChart(ChartTab* tab) {
    tab->chart().setLevels(m_levels.levels(tab->symbol()));
    connect(tab, &ChartTab::orderRequested, this, [this](const QString& symbol, std::int64_t price, bool buy) {
        m_ticket->setMarket(false);
        m_ticket->prepare(symbol, style::plainPrice(price), buy);
        if (auto* ticket = dock("order-ticket")) {
            ticket->show();
            ticket->raise();
        }
        m_ticket->setFocus();
    });
    connect(tab, &ChartTab::cancelRequested, this, [this](const QString& id) {
        m_blotter->cancel(id);
        statusBar()->showMessage(tr("Cancel of %1 sent").arg(id), 5'000);
    });
    const auto redrawLevels = [this](const QString& symbol) {
        for (ChartTab* chart : m_charts->charts())
            if (chart->symbol() == symbol)
                chart->chart().setLevels(m_levels.levels(symbol));
    };
    connect(tab, &ChartTab::levelAdded, this, [this, redrawLevels](const QString& symbol, std::int64_t price) {
        if (!m_levels.add(symbol, price))
            statusBar()->showMessage(
                tr("%1 has %2 lines already: remove one first").arg(symbol).arg(LevelStore::kMaxLevels), 5'000);
        redrawLevels(symbol);
    });
    connect(tab, &ChartTab::alertRequested, this, [this](const QString& symbol, std::int64_t price) {
        const auto last = lastPrice(symbol);
        const auto kind = last && price < *last ? PriceAlert::Kind::Below : PriceAlert::Kind::Above;
        openAlertDialog({{}, symbol, kind, price, 0, 0, 0});
    });
    connect(tab, &ChartTab::alertRemoved, this, &MainWindow::removeAlert);
    connect(tab, &ChartTab::levelRemoved, this, [this, redrawLevels](const QString& symbol, std::int64_t price) {
        m_levels.remove(symbol, price);
        redrawLevels(symbol);
    });
}

std::optional<std::int64_t> MainWindow::lastPrice(const QString& symbol) const {
    const StockQuote* quote = m_watch.quote(symbol);
    if (!quote || quote->last <= 0)
        return std::nullopt;
    return quote->last;
}

std::optional<QString> MainWindow::putAlert(const PriceAlert& alert) {
    PriceAlert a = alert;
    if (a.id.isEmpty())
        a.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (auto error = m_alerts.put(a))
        return error;
    alertsChanged();
    // One already met fires now rather than at the next price.
    if (const auto last = lastPrice(a.symbol))
        checkAlerts(a.symbol, *last, QDateTime::currentMSecsSinceEpoch());
    return std::nullopt;
}

void MainWindow::removeAlert(const QString& id) {
    m_alerts.remove(id);
    alertsChanged();
}

AlertDialog* MainWindow::openAlertDialog(const PriceAlert& start) {
    QStringList symbols;
    for (int row = 0; row < m_watch.rowCount(); ++row)
        symbols << m_watch.symbolAt(row);
    symbols.sort();
    auto* dialog = new AlertDialog(
        start, symbols, [this](const QString& symbol) { return lastPrice(symbol); }, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (const auto alert = dialog->alert())
            if (auto error = putAlert(*alert))
                statusBar()->showMessage(tr("Alert not set: %1").arg(*error), 5'000);
    });
    dialog->open();
    return dialog;
}

void MainWindow::checkAlerts(const QString& symbol, std::int64_t last, std::int64_t ms) {
    const std::vector<PriceAlert> fired = m_alerts.observe(symbol, last, ms);
    if (fired.empty())
        return;
    for (const PriceAlert& a : fired) {
        const QString text = tr("Alert: %1 — last %2 at %3")
                                 .arg(AlertDialog::describe(a), style::price(a.firedPrice),
                                      QDateTime::fromMSecsSinceEpoch(a.firedAt).toString(QStringLiteral("HH:mm:ss")));
        m_notice->post(text);
        statusBar()->showMessage(text, 10'000);
        if (QSystemTrayIcon::isSystemTrayAvailable()) {
            if (!m_tray) {
                m_tray = new QSystemTrayIcon(windowIcon(), this);
                m_tray->show();
            }
            m_tray->showMessage(tr("KSE price alert"), text);
        }
    }
    QApplication::alert(this);
    alertsChanged();
}

void MainWindow::alertsChanged() {
    m_alertStore.save(m_alerts);
    m_alertsPanel->show(m_alerts);
    for (ChartTab* tab : m_charts->charts()) {
        std::vector<PriceLines::Line> lines;
        for (const PriceAlert& a : m_alerts.forSymbol(tab->symbol()))
            if (a.armed())
                for (std::int64_t at : a.thresholds())
                    lines.push_back({a.id, at, style::price(at), QColor(0xff, 0x8f, 0x00), true});
        tab->chart().setAlerts(lines);
    }
}

void MainWindow::prepareOrder(bool buy) {
    // The chart in use, else the symbol chosen in the watch; at the price a marketable order
    // would take (the best ask for a buy, the best bid for a sell), else the last.
    QString symbol = m_charts->current() ? m_charts->current()->symbol() : QString();
    if (const QModelIndex chosen = m_watchView->currentIndex(); symbol.isEmpty() && chosen.isValid())
        symbol = m_watch.symbolAt(m_sorted->mapToSource(chosen).row());
    QString price;
    if (const StockQuote* q = m_watch.quote(symbol)) {
        const auto& best = buy ? q->ask : q->bid;
        price = style::plainPrice(best ? best->first : q->last);
    }
    m_ticket->setMarket(false);
    m_ticket->prepare(symbol, price, buy);
    if (QDockWidget* ticket = dock("order-ticket")) {
        ticket->show();
        ticket->raise();
    }
    m_ticket->focusQuantity();
}

void MainWindow::openFirstChart() {
    if (!m_firstChartPending || !m_listed || m_charts->count() > 0 || m_sorted->rowCount() == 0)
        return;
    m_openingByItself = true;
    openChart(m_watch.symbolAt(m_sorted->mapToSource(m_sorted->index(0, 0)).row()));
    m_openingByItself = false;
}

void MainWindow::showOrderLines() {
    std::map<QString, std::vector<CandleChart::OrderLine>> lines;
    for (const QString& id : m_blotter->model().openIds())
        if (const OrderRow* o = m_blotter->model().order(id); o && o->price > 0) // a market order has no line
            lines[o->symbol].push_back({o->id, o->price, o->qty - o->filled, o->side == Side::Buy});
    for (ChartTab* tab : m_charts->charts())
        tab->chart().setOrders(lines[tab->symbol()]);
}

void MainWindow::exportChart() {
    ChartTab* tab = m_charts->current();
    if (!tab) {
        QMessageBox::information(this, tr("Export chart"), tr("Open a chart first: double-click a symbol."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export chart"), QStringLiteral("%1-%2.png").arg(tab->symbol(), tab->series().interval),
        tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf);;CSV data (*.csv)"));
    if (path.isEmpty())
        return;
    if (auto error = ChartExporter().write(tab->series(), path, tab->size().expandedTo(QSize(800, 500))))
        QMessageBox::warning(this, tr("Export chart"), *error);
    else
        statusBar()->showMessage(tr("Exported to %1").arg(path), 5'000);
}

void MainWindow::submitStockPrice() {
    auto* dialog = new StockPriceDialog(m_api, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::showFills() {
    QHash<QString, std::vector<CandleChart::Marker>> fills;
    for (const FillRow& f : m_blotter->fills().rows()) // each execution at its time and price
        fills[f.symbol].push_back({f.ts, f.price, f.side == Side::Buy});
    for (ChartTab* tab : m_charts->charts())
        tab->setFills(fills.value(tab->symbol()));
}

void MainWindow::setDark(bool dark) {
    m_dark = dark;
    QSettings().setValue(QStringLiteral("window/dark"), dark);
    theme::apply(dark ? theme::Kind::Dark : theme::Kind::Light);
    for (ChartTab* tab : m_charts->charts())
        tab->chart().setTheme(dark ? CandleChart::Theme::Dark : CandleChart::Theme::Light);
}

void MainWindow::refreshTrading() {
    m_blotter->refresh();
    m_portfolio->refresh();
}

void MainWindow::tradeMenu(const QPoint& at) {
    const QModelIndex index = m_watchView->indexAt(at);
    if (!index.isValid())
        return;
    const QString symbol = m_watch.symbolAt(m_sorted->mapToSource(index).row());
    const StockQuote* quote = m_watch.quote(symbol);
    const QString price = quote ? style::plainPrice(quote->last) : QString();
    QMenu menu(this);
    menu.addAction(tr("Buy %1…").arg(symbol), this, [this, symbol, price] { m_ticket->prepare(symbol, price, true); });
    menu.addAction(tr("Sell %1…").arg(symbol), this,
                   [this, symbol, price] { m_ticket->prepare(symbol, price, false); });
    menu.addAction(tr("Chart %1").arg(symbol), this, [this, symbol] { openChart(symbol); });
    if (const QString list = m_watchlistBar->current(); !list.isEmpty())
        menu.addAction(tr("Remove %1 from \"%2\"").arg(symbol, list), this,
                       [this, symbol] { m_watchlistBar->remove(symbol); });
    menu.addAction(tr("Alert on %1…").arg(symbol), this, [this, symbol, quote] {
        openAlertDialog({{}, symbol, PriceAlert::Kind::Above, quote ? quote->last : 0, 0, 0, 0});
    });
    menu.exec(m_watchView->viewport()->mapToGlobal(at));
}

QStringList MainWindow::watchShown() const {
    QStringList symbols;
    for (int row = 0; row < m_sorted->rowCount(); ++row)
        symbols << m_watch.symbolAt(m_sorted->mapToSource(m_sorted->index(row, 0)).row());
    return symbols;
}

void MainWindow::watchVisibleTops() {
    const int rows = m_sorted->rowCount();
    const int first = std::max(0, m_watchView->rowAt(0));
    int last = m_watchView->rowAt(m_watchView->viewport()->height() - 1);
    last = last < 0 ? rows - 1 : last;
    QStringList symbols;
    for (int row = first; row <= last && symbols.size() < PlatformStream::kMaxTops; ++row)
        symbols << m_watch.symbolAt(m_sorted->mapToSource(m_sorted->index(row, 0)).row());
    m_stream.watchTops(symbols);
    // The session's trend of each symbol in view, asked once (then moved on live).
    for (const QString& symbol : symbols) {
        if (m_trendAsked.contains(symbol))
            continue;
        m_trendAsked.insert(symbol);
        m_api.candles(symbol, QStringLiteral("5m"), 288,
                      [this, symbol](const Result<std::vector<ChartCandle>>& candles) {
                          if (candles)
                              m_watch.setTrend(symbol, candles.value());
                          else
                              m_trendAsked.remove(symbol); // asked again when next in view
                      });
    }
}

void MainWindow::streamLive(bool live) {
    m_depth->setPolling(!live);
    if (!live)
        m_watch.clearTops(); // no longer pushed: they would go stale
    if (live) {
        m_tradingTimer.stop();
        refreshTrading(); // once: what changed while the stream was down
    } else {
        m_tradingTimer.start();
    }
    showApiState(true);
}

void MainWindow::showApiState(bool reachable) {
    const QString stream = m_stream.live() ? tr("live") : tr("polling");
    m_apiState->setText(reachable ? tr("API: %1 @ %2 (%3)").arg(m_options.username, m_api.api().toString(), stream)
                                  : tr("API: unreachable, retrying"));
    theme::setState(*m_apiState, reachable ? "" : "error");
}

void MainWindow::showKafkaState(bool connected) {
    const QString& refusal = m_feed.refusal();
    m_kafkaState->setText(connected           ? tr("Kafka: live (%1)").arg(m_brokers)
                          : refusal.isEmpty() ? tr("Kafka: connecting…")
                                              : tr("Kafka: credentials refused (check --kafka-config)"));
    m_kafkaState->setToolTip(connected ? QString() : refusal);
    theme::setState(*m_kafkaState, connected ? "ok" : "error");
}

void MainWindow::showKafkaRefusal(const QString& reason) {
    showKafkaState(false);
    // The whole reason where there is room for it; it stays until another message replaces it.
    statusBar()->showMessage(tr("Kafka refused the credentials of --kafka-config: %1").arg(reason));
}

AboutDialog* MainWindow::showAbout() {
    // One box, refreshed each time: the brokers may have become known since.
    delete m_about;
    m_about = new AboutDialog({m_options.username, m_api.api().toString(), m_brokers}, this);
    m_about->open();
    return m_about;
}

QDockWidget* MainWindow::dock(const char* name) const { return findChild<QDockWidget*>(QString::fromLatin1(name)); }

void MainWindow::resetLayout() {
    restoreState(m_defaultLayout); // closed docks come back too: the state holds their visibility
    applyProportions();
    if (QDockWidget* orders = dock("orders"))
        orders->raise();
}

void MainWindow::applyProportions() {
    // The charts get most of the window: the watch and depth column 27 % of the width,
    // the orders and ticket 24 % of the height, the ticket 30 % of the width: the charts get
    // more than half the window.
    QDockWidget* watch = dock("market-watch");
    QDockWidget* depth = dock("depth");
    QDockWidget* orders = dock("orders");
    QDockWidget* ticket = dock("order-ticket");
    if (!watch || !depth || !orders || !ticket)
        return;
    const int w = width(), h = height();
    const int column = std::clamp(w * 27 / 100, 300, 560);
    const int bottom = std::clamp(h * 24 / 100, 210, 320);
    const int ticketWidth = std::clamp(w * 30 / 100, 380, 560);
    resizeDocks({watch}, {column}, Qt::Horizontal);
    resizeDocks({watch, depth}, {h * 55 / 100, h * 45 / 100}, Qt::Vertical);
    resizeDocks({orders}, {bottom}, Qt::Vertical);
    resizeDocks({orders, ticket}, {std::max(200, w - column - ticketWidth), ticketWidth}, Qt::Horizontal);
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (m_proportioned)
        return;
    m_proportioned = true;
    applyProportions();
    // Once more when the window has its final size: a window manager may resize it as it maps it.
    QTimer::singleShot(0, this, &MainWindow::applyProportions);
}

Workspace MainWindow::currentWorkspace() const {
    Workspace w{saveState(), {}, m_charts->currentIndex(), m_charts->grid()};
    for (ChartTab* tab : m_charts->charts())
        w.charts.push_back(tab->view());
    return w;
}

void MainWindow::applyWorkspace(const Workspace& workspace) {
    if (workspace.docks.isEmpty() || !restoreState(workspace.docks)) {
        restoreState(m_defaultLayout);
        if (isVisible())
            applyProportions();
    }
    m_charts->closeAll();
    m_charts->setGrid(workspace.grid);
    {
        const QSignalBlocker quiet(m_gridAction);
        m_gridAction->setChecked(workspace.grid);
    }
    for (const ChartTab::View& view : workspace.charts)
        if (!m_charts->find(view.symbol))
            if (ChartTab* tab = openChart(view.symbol, view.interval))
                tab->setView(view);
    if (workspace.current >= 0 && workspace.current < m_charts->count())
        m_charts->setCurrent(m_charts->chart(workspace.current));
    m_firstChartPending = workspace.charts.empty();
    openFirstChart();
}

bool MainWindow::saveWorkspace(const QString& name) {
    if (auto error = WorkspaceStore::nameError(name)) {
        statusBar()->showMessage(tr("Workspace not saved: %1").arg(*error), 5'000);
        return false;
    }
    if (!m_workspaces.save(name, currentWorkspace())) {
        statusBar()->showMessage(
            tr("Workspace not saved: there are %1 already; delete one first").arg(WorkspaceStore::kMaxWorkspaces),
            5'000);
        return false;
    }
    m_workspace = name.trimmed();
    statusBar()->showMessage(tr("Workspace \"%1\" saved").arg(m_workspace), 5'000);
    return true;
}

bool MainWindow::switchWorkspace(const QString& name) {
    const auto workspace = m_workspaces.load(name);
    if (!workspace)
        return false;
    applyWorkspace(*workspace);
    m_workspace = name.trimmed();
    statusBar()->showMessage(tr("Workspace \"%1\"").arg(m_workspace), 5'000);
    return true;
}

void MainWindow::deleteWorkspace(const QString& name) {
    m_workspaces.remove(name);
    if (m_workspace == name.trimmed())
        m_workspace.clear();
}

void MainWindow::askWorkspaceName() {
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("Save workspace"), tr("Name"), QLineEdit::Normal, m_workspace, &ok);
    if (ok)
        saveWorkspace(name);
}

void MainWindow::fillWorkspaceMenu() {
    m_workspaceMenu->clear();
    m_workspaceMenu->addAction(m_saveWorkspace);
    if (!m_workspace.isEmpty()) {
        const QString current = m_workspace;
        m_workspaceMenu->addAction(tr("Save \"%1\"").arg(current), this, [this, current] { saveWorkspace(current); });
        m_workspaceMenu->addAction(tr("Delete \"%1\"").arg(current), this, [this, current] {
            if (QMessageBox::question(this, tr("Delete workspace"), tr("Delete the workspace \"%1\"?").arg(current)) ==
                QMessageBox::Yes)
                deleteWorkspace(current);
        });
    }
    const QStringList names = m_workspaces.names();
    if (!names.isEmpty())
        m_workspaceMenu->addSeparator();
    for (const QString& name : names) {
        QAction* action = m_workspaceMenu->addAction(name, this, [this, name] { switchWorkspace(name); });
        action->setCheckable(true);
        action->setChecked(name == m_workspace);
    }
}

void MainWindow::setChartGrid(bool grid) {
    m_charts->setGrid(grid);
    if (m_gridAction->isChecked() != grid) {
        const QSignalBlocker quiet(m_gridAction);
        m_gridAction->setChecked(grid);
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    m_workspaces.saveLastSession(currentWorkspace());
    event->accept();
}

} // namespace kse
