#pragma once

#include <QWidget>
#include <vector>

#include "api/platform_client.h"
#include "chart/candle_chart.h"
#include "contract/aggregate_message.h"

class QCheckBox;
class QComboBox;
class QLabel;

namespace kse {

// One chart tab: a symbol's candles at a chosen interval, history over HTTP, then extended live
// from the candles the market feed delivers.
class ChartTab : public QWidget {
    Q_OBJECT
public:
    ChartTab(const QString& symbol, const QString& interval, PlatformClient& api, QWidget* parent = nullptr);

    QString symbol() const { return m_symbol; }
    const ChartSeries& series() const { return m_chart.series(); }
    // Candles of the market feed; those of this symbol and interval are drawn.
    void apply(const std::vector<AggregateMessage>& batch);
    bool loaded() const { return m_loaded; }
    // The user's orders that filled, as markers on this symbol's chart.
    void setFills(const std::vector<CandleChart::Marker>& fills) { m_chart.setMarkers(fills); }
    CandleChart& chart() { return m_chart; }

Q_SIGNALS:
    void historyLoaded();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void load();
    void fit();

    QString m_symbol;
    PlatformClient& m_api;
    CandleChart m_chart;
    QComboBox* m_interval;
    class ChartView* m_view;
    QCheckBox* m_follow;
    QCheckBox* m_average;
    QLabel* m_status;
    bool m_loaded = false;
    int m_generation = 0; // answers to an older load are dropped
};

} // namespace kse
