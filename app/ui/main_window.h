#pragma once

#include <QMainWindow>
#include <QSet>
#include <QTimer>
#include <map>
#include <string>

#include "api/platform_stream.h"

#include "api/platform_client.h"
#include "log/logger.h"
#include "market/aggregate_feed.h"
#include "market/alert_book.h"
#include "market/market_watch_model.h"
#include "ui/alert_store.h"
#include "ui/level_store.h"
#include "ui/shortcut_map.h"
#include "ui/watchlist_store.h"
#include "ui/workspace_store.h"

class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QSystemTrayIcon;
class QTableView;

namespace kse {

class AnalyticsPanel;
class Blotter;
class AboutDialog;
class AlertDialog;
class AlertsPanel;
class Notice;
class WatchlistBar;
class WatchlistProxy;
class ChartArea;
class ChartTab;
class DepthLadder;
class OrderTicket;
class PortfolioView;
class SystemMonitor;

// The terminal's window: the charts in the middle (tabs, or a grid of four), the market watch
// over the depth on the left, the orders (and the portfolio, analytics and monitor behind them)
// with the order ticket under the charts, and the connection to the API and to Kafka always in
// the status bar. Workspaces keep named layouts of it; the last one is back at the next start.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Options {
        QString username;
        QString brokers; // empty: asked of GET /api/v1/config
        // --kafka-config: librdkafka properties (security, tuning) for every Kafka reader.
        std::map<std::string, std::string> kafkaProperties;
    };

    MainWindow(Options options, PlatformClient& api, Logger& logger, QWidget* parent = nullptr);
    ~MainWindow() override;

    MarketWatchModel& marketWatch() { return m_watch; }
    // Which watchlist the market watch shows; the symbols shown, in the order shown.
    WatchlistBar& watchlists() { return *m_watchlistBar; }
    QStringList watchShown() const;
    AggregateFeed& feed() { return m_feed; }
    // The symbol's chart, opened (at `interval`, 1m unless given) or brought forward (set to
    // `interval` when one is given).
    ChartTab* openChart(const QString& symbol, const QString& interval = {});
    ChartArea* charts() const { return m_charts; }
    OrderTicket& ticket() { return *m_ticket; }
    Blotter& blotter() { return *m_blotter; }
    PortfolioView& portfolio() { return *m_portfolio; }
    DepthLadder& depth() { return *m_depth; }
    AnalyticsPanel& analytics() { return *m_analytics; }
    SystemMonitor& monitor() { return *m_monitor; }
    PlatformStream& stream() { return m_stream; }
    // Orders, fills and the portfolio asked of the API every second: while the stream is down.
    bool polling() const { return m_tradingTimer.isActive(); }
    bool dark() const { return m_dark; }
    // View → Reset layout: every dock back where a first start puts it, and shown, in the
    // proportions a first start gives them.
    void resetLayout();
    // Workspaces → Save as… / a name / Delete: the layout (docks, charts, grid) under a name.
    Workspace currentWorkspace() const;
    bool saveWorkspace(const QString& name);
    bool switchWorkspace(const QString& name);
    void deleteWorkspace(const QString& name);
    QStringList workspaces() const { return m_workspaces.names(); }
    QString workspace() const { return m_workspace; }
    // Trade → Buy… / Sell… (Alt+B, Alt+S): the ticket for the chart in use (else the symbol
    // chosen in the watch) at the best ask or bid (else the last), the quantity field focused.
    void prepareOrder(bool buy);
    ShortcutMap& shortcuts() { return m_shortcuts; }
    // View → Charts in a grid.
    void setChartGrid(bool grid);
    // Price alerts: set from the watch, the chart or the Alerts dock, kept across restarts; one
    // that fires shows a notice in the window (and in the system tray where there is one).
    const AlertBook& alerts() const { return m_alerts; }
    AlertsPanel& alertsPanel() { return *m_alertsPanel; }
    Notice& notice() { return *m_notice; }
    std::optional<QString> putAlert(const PriceAlert& alert);
    void removeAlert(const QString& id);
    // The dialog that sets (`start` without an id) or edits an alert; not modal.
    AlertDialog* openAlertDialog(const PriceAlert& start);
    // Help → About KSE: the product, its version and this session's connections (not modal).
    AboutDialog* showAbout();

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void connectMarketData();
    void readConfig(); // the brokers (unless given) and the order rules the ticket shows
    void refreshQuotes();
    void offerSymbols();
    void rediscoverKafka();
    void exportChart();
    void showApiState(bool reachable);
    void showKafkaState(bool connected);
    void showKafkaRefusal(const QString& reason);
    void refreshTrading();
    void streamLive(bool live);
    void tradeMenu(const QPoint& at);
    void submitStockPrice();
    void showFills();
    void setDark(bool dark);
    void applyProportions();
    void applyWorkspace(const Workspace& workspace);
    void openFirstChart();
    void showOrderLines();
    void fillWorkspaceMenu();
    void askWorkspaceName();
    void wireChart(ChartTab* tab);
    QDockWidget* dock(const char* name) const;
    void watchVisibleTops();
    void checkAlerts(const QString& symbol, std::int64_t last, std::int64_t ms);
    void alertsChanged();
    std::optional<std::int64_t> lastPrice(const QString& symbol) const;

    Options m_options;
    PlatformClient& m_api;
    AggregateFeed m_feed;
    MarketWatchModel m_watch;
    WatchlistProxy* m_sorted;
    QTableView* m_watchView;
    QLineEdit* m_filter;
    ChartArea* m_charts;
    QLabel* m_apiState;
    QLabel* m_kafkaState;
    AboutDialog* m_about = nullptr;
    OrderTicket* m_ticket;
    Blotter* m_blotter;
    PortfolioView* m_portfolio;
    DepthLadder* m_depth;
    AnalyticsPanel* m_analytics;
    SystemMonitor* m_monitor;
    QTimer m_quotesTimer;
    QTimer m_tradingTimer;      // runs while the stream is down
    QTimer m_topsTimer;         // the watch's rows in view settle before their tops are asked for
    QSet<QString> m_trendAsked; // symbols whose session trend was asked of the API
    PlatformStream m_stream;
    bool m_dark = false;
    QByteArray m_defaultLayout; // the docks as laid out before any saved layout is restored
    QString m_brokers;
    WorkspaceStore m_workspaces;
    LevelStore m_levels;
    WatchlistStore m_watchlistStore;
    WatchlistBar* m_watchlistBar = nullptr;
    QString m_workspace; // the named workspace last saved or switched to
    QMenu* m_workspaceMenu = nullptr;
    QAction* m_gridAction = nullptr;
    QAction* m_saveWorkspace = nullptr;
    ShortcutMap m_shortcuts;
    bool m_proportioned = false; // the first show lays the docks out in proportion, once
    bool m_firstChartPending = true;
    bool m_listed = false; // the API's list of stocks has been read once
    bool m_openingByItself = false;
    AlertStore m_alertStore;
    AlertBook m_alerts;
    AlertsPanel* m_alertsPanel;
    Notice* m_notice;
    QSystemTrayIcon* m_tray = nullptr; // made when the first alert fires, where there is a tray
};

} // namespace kse
