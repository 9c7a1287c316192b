#pragma once

#include <QGraphicsScene>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <optional>
#include <utility>

#include "chart/chart_series.h"

class QChart;
class QPainter;
class QCandlestickSeries;
class QLineSeries;
class QScatterSeries;
class QDateTimeAxis;
class QValueAxis;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;

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
    // `maxCandles` are kept, the oldest dropped). An older version of a window's candle (fewer
    // prices, or the same ones not yet final) than the one held is ignored.
    void upsert(const ChartCandle& candle, std::size_t maxCandles = 1'000);
    const ChartSeries& series() const { return m_data; }
    QGraphicsScene* scene() { return &m_scene; }
    // Lays the panes out for a view of this size.
    void resize(const QSizeF& size) { layout(size); }

    // What is shown of the time axis: the newest 200 candles (the default), a window the user
    // zoomed or panned to (or everything), or — following the latest — a window of the same
    // span ending at the newest. Only the candles in view are drawn.
    // Zoom keeps `anchorMs` where it is; the window never gets narrower than 10 candles.
    void zoom(double factor, std::int64_t anchorMs);
    void pan(std::int64_t deltaMs);
    void showAll();
    void setFollowLatest(bool follow);
    bool followLatest() const { return m_follow; }
    std::pair<std::int64_t, std::int64_t> visibleRange() const;
    // A simple moving average of the closes over `period` candles (0: none).
    void setMovingAverage(int period);
    int movingAverage() const { return m_maPeriod; }
    const QList<QPointF>& movingAveragePoints() const { return m_maPoints; }
    // The user's own fills: a marker at each (time, price), green for buys and red for sells.
    struct Marker {
        std::int64_t ts = 0;
        std::int64_t price = 0; // ticks
        bool buy = true;
    };
    void setMarkers(const std::vector<Marker>& markers);
    int markerCount() const;
    // Light or dark, for the charts of a window that changes theme.
    void setTheme(Theme theme);

    // The candle under a time, if any; and the time under a scene position of the price pane.
    const ChartCandle* candleAt(std::int64_t ms) const;
    std::optional<std::int64_t> timeAt(const QPointF& scenePosition) const;
    // Draws both panes into `target`: the price pane takes 72 % of its height.
    void render(QPainter& painter, const QRectF& target);

    QChart* priceChart() const { return m_price; }
    QChart* volumeChart() const { return m_volume; }

private:
    void layout(const QSizeF& size);
    void updateRanges();
    void applyColours();
    void draw(std::int64_t from, std::int64_t to); // puts the candles in view into the series
    void placeLastTag();
    std::pair<std::int64_t, std::int64_t> fullRange() const;

    ChartSeries m_data;
    QGraphicsScene m_scene; // owns the charts
    QChart* m_price;
    QChart* m_volume;
    QCandlestickSeries* m_candles;
    QCandlestickSeries* m_volumes; // bars drawn as candles from 0 to the volume, aligned in time
    QLineSeries* m_last;
    QLineSeries* m_ma;
    QScatterSeries* m_buys;
    QScatterSeries* m_sells;
    QList<QPointF> m_maPoints;
    int m_maPeriod = 0;
    std::optional<std::pair<std::int64_t, std::int64_t>> m_window; // none: everything
    bool m_follow = true;
    std::pair<std::size_t, std::size_t> m_drawn{0, 0}; // [first, last) of m_data.candles in the series
    QDateTimeAxis* m_priceTime;
    QDateTimeAxis* m_volumeTime;
    QValueAxis* m_priceAxis;
    QValueAxis* m_volumeAxis;
    // The last price as a tag on the price axis, where the dashed line meets it. In the title it
    // would lay the whole chart out again on every tick.
    QGraphicsRectItem* m_lastTag;
    QGraphicsSimpleTextItem* m_lastText;
};

} // namespace kse
