#pragma once

#include <QElapsedTimer>
#include <QWidget>
#include <map>
#include <vector>

#include "api/platform_client.h"
#include "chart/candle_chart.h"
#include "contract/aggregate_message.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QToolButton;

namespace kse {

class ChartView;

// One chart: a symbol's candles at a chosen interval, history over HTTP, then extended live
// from the candles the market feed delivers; its studies, the user's working orders and lines.
class ChartTab : public QWidget {
    Q_OBJECT
public:
    // What a workspace keeps of a chart.
    struct View {
        QString symbol;
        QString interval = QStringLiteral("1m");
        int sma = 0, ema = 0, bollinger = 0; // periods; 0: not shown
        bool vwap = false;
        bool operator==(const View&) const = default;
    };

    ChartTab(const QString& symbol, const QString& interval, PlatformClient& api, QWidget* parent = nullptr);

    QString symbol() const { return m_symbol; }
    QString interval() const;
    View view() const;
    // The interval (history loaded again when it changes) and the studies of `view`.
    void setView(const View& view);
    const ChartSeries& series() const { return m_chart.series(); }
    // Candles of the market feed: those of this symbol and interval wait for flush(), which draws
    // them (ChartArea paces the charts' flushes).
    void apply(const std::vector<AggregateMessage>& batch);
    bool pending() const { return !m_pending.empty(); }
    void flush();
    qint64 msSinceFlush() const { return m_flushed.isValid() ? m_flushed.elapsed() : 1'000'000; }
    bool loaded() const { return m_loaded; }
    // The user's orders that filled, as markers on this symbol's chart.
    void setFills(const std::vector<CandleChart::Marker>& fills) { m_chart.setMarkers(fills); }
    CandleChart& chart() { return m_chart; }
    ChartView& chartView() { return *m_view; }
    // In a grid the chart names its symbol and has a close button of its own, and the one in
    // use is marked.
    void setInGrid(bool inGrid);
    void setActive(bool active);

Q_SIGNALS:
    void historyLoaded();
    void activated();      // pressed: the chart in use
    void closeRequested(); // its own close button (in a grid)
    void viewEdited();     // interval or a study changed by the user
    void orderRequested(const QString& symbol, std::int64_t price, bool buy);
    void cancelRequested(const QString& orderId);
    void levelAdded(const QString& symbol, std::int64_t price);
    void levelRemoved(const QString& symbol, std::int64_t price);
    void alertRequested(const QString& symbol, std::int64_t price);
    void alertRemoved(const QString& alertKey);

private:
    void load();
    QWidget* studyRow(const QString& name, CandleChart::Study study, int period);

    QString m_symbol;
    PlatformClient& m_api;
    CandleChart m_chart;
    QLabel* m_title;
    QComboBox* m_interval;
    ChartView* m_view;
    QCheckBox* m_follow;
    QToolButton* m_studies;
    QToolButton* m_close;
    QLabel* m_status;
    bool m_loaded = false;
    int m_generation = 0;                          // answers to an older load are dropped
    std::map<std::int64_t, ChartCandle> m_pending; // by start: the newest version of each
    QElapsedTimer m_flushed;
};

} // namespace kse
