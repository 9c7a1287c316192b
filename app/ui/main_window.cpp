#include "ui/main_window.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "export/chart_exporter.h"
#include "monitor/system_monitor.h"
#include "style/terminal_style.h"
#include "trading/blotter.h"
#include "trading/depth_ladder.h"
#include "trading/order_ticket.h"
#include "trading/portfolio_view.h"
#include "ui/about_dialog.h"
#include "ui/analytics_panel.h"
#include "ui/chart_tab.h"
#include "ui/column_fitter.h"
#include "ui/product_identity.h"
#include "ui/stock_price_dialog.h"

namespace kse {
namespace {
constexpr int kQuotesRefreshMs = 5'000;
}

MainWindow::MainWindow(Options options, PlatformClient& api, Logger& logger, QWidget* parent)
    : QMainWindow(parent)
    , m_options(std::move(options))
    , m_api(api)
    , m_feed(logger)
    , m_sorted(new QSortFilterProxyModel(this))
    , m_watchView(new QTableView)
    , m_filter(new QLineEdit)
    , m_charts(new QTabWidget)
    , m_apiState(new QLabel)
    , m_kafkaState(new QLabel)
    , m_ticket(new OrderTicket(api))
    , m_blotter(new Blotter(api))
    , m_portfolio(new PortfolioView(api))
    , m_depth(new DepthLadder(api))
    , m_analytics(new AnalyticsPanel(api))
    , m_monitor(new SystemMonitor(api, {m_options.brokers.toStdString(), m_options.kafkaProperties}, logger))
    , m_stream(api.api()) {
    setWindowTitle(tr("KSE — %1").arg(m_options.username));
    setWindowIcon(product::icon());
    resize(1280, 800);

    m_sorted->setSourceModel(&m_watch);
    m_sorted->setSortRole(MarketWatchModel::SortRole);
    m_sorted->setFilterKeyColumn(MarketWatchModel::Symbol);
    m_sorted->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_watchView->setModel(m_sorted);
    m_watchView->setSortingEnabled(true);
    m_watchView->sortByColumn(MarketWatchModel::Symbol, Qt::AscendingOrder);
    m_watchView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_watchView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_watchView->verticalHeader()->hide();
    new ColumnFitter(m_watchView);
    m_filter->setPlaceholderText(tr("Filter symbols"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_sorted, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_watchView, &QTableView::doubleClicked, this,
            [this](const QModelIndex& index) { openChart(m_watch.symbolAt(m_sorted->mapToSource(index).row())); });
    auto* watch = new QWidget;
    auto* watchLayout = new QVBoxLayout(watch);
    watchLayout->setContentsMargins(2, 2, 2, 2);
    watchLayout->addWidget(m_filter);
    watchLayout->addWidget(m_watchView);
    auto* dock = new QDockWidget(tr("Market watch"));
    dock->setObjectName(QStringLiteral("market-watch"));
    dock->setWidget(watch);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    resizeDocks({dock}, {540}, Qt::Horizontal); // every column visible on first start
    m_watchView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_watchView, &QTableView::customContextMenuRequested, this, &MainWindow::tradeMenu);

    const auto addDock = [this](const QString& title, const char* name, QWidget* widget, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title);
        d->setObjectName(QString::fromLatin1(name));
        d->setWidget(widget);
        addDockWidget(area, d);
        return d;
    };
    QDockWidget* ticketDock = addDock(tr("Order ticket"), "order-ticket", m_ticket, Qt::RightDockWidgetArea);
    QDockWidget* ordersDock = addDock(tr("Orders"), "orders", m_blotter, Qt::BottomDockWidgetArea);
    QDockWidget* portfolioDock = addDock(tr("Portfolio"), "portfolio", m_portfolio, Qt::BottomDockWidgetArea);
    QDockWidget* depthDock = addDock(tr("Depth"), "depth", m_depth, Qt::RightDockWidgetArea);
    splitDockWidget(ticketDock, depthDock, Qt::Vertical);
    QDockWidget* analyticsDock = addDock(tr("Analytics"), "analytics", m_analytics, Qt::BottomDockWidgetArea);
    tabifyDockWidget(ordersDock, portfolioDock);
    QDockWidget* monitorDock = addDock(tr("System monitor"), "system-monitor", m_monitor, Qt::BottomDockWidgetArea);
    tabifyDockWidget(portfolioDock, analyticsDock);
    tabifyDockWidget(analyticsDock, monitorDock);
    ordersDock->raise();
    connect(m_depth, &DepthLadder::priceChosen, m_ticket, &OrderTicket::prepare);
    connect(m_watchView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    m_depth->setSymbol(m_watch.symbolAt(m_sorted->mapToSource(current).row()));
            });
    resizeDocks({ordersDock}, {220}, Qt::Vertical); // the charts get the height
    connect(m_ticket, &OrderTicket::orderPlaced, this, [this] { refreshTrading(); });
    connect(&m_portfolio->model(), &PortfolioModel::totalsChanged, this, [this] {
        const Portfolio& p = m_portfolio->model().portfolio();
        OrderTicket::Holdings holdings{p.available, {}};
        for (const Portfolio::Position& position : p.positions)
            holdings.shares[position.symbol] = position.qty - position.reserved;
        m_ticket->setHoldings(std::move(holdings));
    });

    m_charts->setTabsClosable(true);
    m_charts->setDocumentMode(true);
    connect(m_charts, &QTabWidget::tabCloseRequested, this, [this](int i) { delete m_charts->widget(i); });
    setCentralWidget(m_charts);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Export chart…"), QKeySequence(QStringLiteral("Ctrl+E")), this, &MainWindow::exportChart);
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
    view->addAction(monitorDock->toggleViewAction());
    view->addSeparator();
    view->addAction(tr("&Reset layout"), this, &MainWindow::resetLayout);
    QAction* dark = view->addAction(tr("&Dark theme"));
    dark->setCheckable(true);
    connect(dark, &QAction::toggled, this, &MainWindow::setDark);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About KSE"), this, &MainWindow::showAbout);

    statusBar()->addPermanentWidget(m_apiState);
    statusBar()->addPermanentWidget(m_kafkaState);
    showApiState(true);
    showKafkaState(false);
    connect(&m_api, &PlatformClient::reachabilityChanged, this, &MainWindow::showApiState);
    connect(&m_feed, &AggregateFeed::connectedChanged, this, &MainWindow::showKafkaState);
    connect(&m_feed, &AggregateFeed::refused, this, &MainWindow::showKafkaRefusal);
    connect(&m_feed, &AggregateFeed::candles, this, [this](const std::vector<AggregateMessage>& batch) {
        m_watch.applyCandles(batch);
        for (int i = 0; i < m_charts->count(); ++i)
            if (auto* tab = qobject_cast<ChartTab*>(m_charts->widget(i)))
                tab->apply(batch);
    });
    // The ticket offers every symbol the watch shows, whether from the API's list or live from Kafka.
    connect(&m_watch, &QAbstractItemModel::rowsInserted, this, &MainWindow::offerSymbols);
    connect(&m_watch, &QAbstractItemModel::modelReset, this, &MainWindow::offerSymbols);
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
    connect(m_depth, &DepthLadder::symbolChanged, &m_stream, &PlatformStream::watchBook);
    if (m_api.signedIn())
        m_stream.start(m_api.token());

    connect(&m_blotter->fills(), &QAbstractItemModel::rowsInserted, this, &MainWindow::showFills);
    const QSettings settings;
    dark->setChecked(settings.value(QStringLiteral("window/dark"), false).toBool());
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    m_defaultLayout = saveState();
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    refreshQuotes();
    connectMarketData();
    m_monitor->start();
}

MainWindow::~MainWindow() { m_feed.stop(); }

void MainWindow::connectMarketData() {
    if (!m_options.brokers.isEmpty()) {
        m_brokers = m_options.brokers;
        m_feed.start({m_brokers.toStdString(), m_options.kafkaProperties});
        return;
    }
    m_api.config([this](const Result<PlatformConfig>& config) {
        if (!config) {
            // Asked again on the next quotes refresh: the API may be starting.
            QTimer::singleShot(kQuotesRefreshMs, this, &MainWindow::connectMarketData);
            return;
        }
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
        if (quotes)
            m_watch.applySnapshot(quotes.value());
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
    for (int i = 0; i < m_charts->count(); ++i)
        if (auto* tab = qobject_cast<ChartTab*>(m_charts->widget(i)); tab && tab->symbol() == symbol) {
            m_charts->setCurrentIndex(i);
            return tab;
        }
    m_depth->setSymbol(symbol);
    auto* tab = new ChartTab(symbol, interval, m_api);
    if (m_dark)
        tab->chart().setTheme(CandleChart::Theme::Dark);
    m_charts->setCurrentIndex(m_charts->addTab(tab, symbol));
    showFills();
    return tab;
}

void MainWindow::exportChart() {
    auto* tab = qobject_cast<ChartTab*>(m_charts->currentWidget());
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
    for (int i = 0; i < m_charts->count(); ++i)
        if (auto* tab = qobject_cast<ChartTab*>(m_charts->widget(i)))
            tab->setFills(fills.value(tab->symbol()));
}

void MainWindow::setDark(bool dark) {
    m_dark = dark;
    QSettings().setValue(QStringLiteral("window/dark"), dark);
    QPalette palette = QApplication::style()->standardPalette();
    if (dark) {
        palette.setColor(QPalette::Window, QColor(0x26, 0x2b, 0x33));
        palette.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
        palette.setColor(QPalette::Base, QColor(0x1c, 0x20, 0x26));
        palette.setColor(QPalette::AlternateBase, QColor(0x26, 0x2b, 0x33));
        palette.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
        palette.setColor(QPalette::Button, QColor(0x30, 0x36, 0x40));
        palette.setColor(QPalette::ButtonText, QColor(0xe0, 0xe0, 0xe0));
        palette.setColor(QPalette::Highlight, QColor(0x42, 0x85, 0xf4));
        palette.setColor(QPalette::HighlightedText, Qt::white);
        palette.setColor(QPalette::ToolTipBase, QColor(0x30, 0x36, 0x40));
        palette.setColor(QPalette::ToolTipText, QColor(0xe0, 0xe0, 0xe0));
        palette.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
    }
    QApplication::setPalette(palette);
    for (int i = 0; i < m_charts->count(); ++i)
        if (auto* tab = qobject_cast<ChartTab*>(m_charts->widget(i)))
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
    menu.exec(m_watchView->viewport()->mapToGlobal(at));
}

void MainWindow::streamLive(bool live) {
    m_depth->setPolling(!live);
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
    m_apiState->setStyleSheet(reachable ? QString() : QStringLiteral("color: #ef5350"));
}

void MainWindow::showKafkaState(bool connected) {
    const QString& refusal = m_feed.refusal();
    m_kafkaState->setText(connected           ? tr("Kafka: live (%1)").arg(m_brokers)
                          : refusal.isEmpty() ? tr("Kafka: connecting…")
                                              : tr("Kafka: credentials refused (check --kafka-config)"));
    m_kafkaState->setToolTip(connected ? QString() : refusal);
    m_kafkaState->setStyleSheet(connected ? QStringLiteral("color: #26a69a") : QStringLiteral("color: #ef5350"));
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

void MainWindow::resetLayout() {
    restoreState(m_defaultLayout); // closed docks come back too: the state holds their visibility
    // The sizes a first start gives: every column of the watch visible, the charts get the height.
    if (auto* watch = findChild<QDockWidget*>(QStringLiteral("market-watch")))
        resizeDocks({watch}, {540}, Qt::Horizontal);
    if (auto* orders = findChild<QDockWidget*>(QStringLiteral("orders"))) {
        resizeDocks({orders}, {220}, Qt::Vertical);
        orders->raise();
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

} // namespace kse
