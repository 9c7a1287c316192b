#pragma once

#include <QMainWindow>
#include <QTimer>
#include <map>
#include <string>

#include "api/platform_stream.h"

#include "api/platform_client.h"
#include "log/logger.h"
#include "market/aggregate_feed.h"
#include "market/market_watch_model.h"

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace kse {

class AnalyticsPanel;
class Blotter;
class AboutDialog;
class ChartTab;
class DepthLadder;
class OrderTicket;
class PortfolioView;
class SystemMonitor;

// The terminal's window: the market watch (a dock: every symbol, live), chart tabs in the
// middle, the order ticket, the blotter and the portfolio in docks, and the connection to the
// API and to Kafka always in the status bar.
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
    AggregateFeed& feed() { return m_feed; }
    ChartTab* openChart(const QString& symbol, const QString& interval = QStringLiteral("1m"));
    QTabWidget* charts() const { return m_charts; }
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
    // View → Reset layout: every dock back where a first start puts it, and shown.
    void resetLayout();
    // Help → About KSE: the product, its version and this session's connections (not modal).
    AboutDialog* showAbout();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void connectMarketData();
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

    Options m_options;
    PlatformClient& m_api;
    AggregateFeed m_feed;
    MarketWatchModel m_watch;
    QSortFilterProxyModel* m_sorted;
    QTableView* m_watchView;
    QLineEdit* m_filter;
    QTabWidget* m_charts;
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
    QTimer m_tradingTimer; // runs while the stream is down
    PlatformStream m_stream;
    bool m_dark = false;
    QByteArray m_defaultLayout; // the docks as laid out before any saved layout is restored
    QString m_brokers;
};

} // namespace kse
