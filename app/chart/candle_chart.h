#pragma once

#include <QGraphicsScene>
#include <QRectF>

#include "chart/chart_series.h"

class QChart;
class QPainter;
class QCandlestickSeries;
class QLineSeries;
class QDateTimeAxis;
class QValueAxis;

namespace kse {

// A price pane (candlesticks, the last price as a dashed line, a time axis) above a volume pane
// on the same time range: the renderer of kse-chart export, in a scene of its own so that it
// draws the same with no display.
class CandleChart {
public:
    enum class Theme { Light, Dark };

    explicit CandleChart(Theme theme = Theme::Light);
    ~CandleChart();
    CandleChart(const CandleChart&) = delete;
    CandleChart& operator=(const CandleChart&) = delete;

    // Shows `series` in place of whatever was shown.
    void setSeries(const ChartSeries& series);
    // A live candle: the forming one is updated in place, a new one appended (at most
    // `maxCandles` are kept, the oldest dropped).
    void upsert(const ChartCandle& candle, std::size_t maxCandles = 1'000);
    const ChartSeries& series() const { return m_data; }
    QGraphicsScene* scene() { return &m_scene; }
    // Lays the panes out for a view of this size.
    void resize(const QSizeF& size) { layout(size); }
    // Draws both panes into `target`: the price pane takes 72 % of its height.
    void render(QPainter& painter, const QRectF& target);

    QChart* priceChart() const { return m_price; }
    QChart* volumeChart() const { return m_volume; }

private:
    void layout(const QSizeF& size);
    void updateRanges();

    ChartSeries m_data;
    QGraphicsScene m_scene; // owns the charts
    QChart* m_price;
    QChart* m_volume;
    QCandlestickSeries* m_candles;
    QCandlestickSeries* m_volumes; // bars drawn as candles from 0 to the volume, aligned in time
    QLineSeries* m_last;
    QDateTimeAxis* m_priceTime;
    QDateTimeAxis* m_volumeTime;
    QValueAxis* m_priceAxis;
    QValueAxis* m_volumeAxis;
};

} // namespace kse
