#pragma once

#include <QGraphicsScene>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "chart/chart_series.h"
#include "chart/price_lines.h"
#include "chart/time_axis.h"

class QChart;
class QPainter;
class QCandlestickSeries;
class QLineSeries;
class QScatterSeries;
class QDateTimeAxis;
class QValueAxis;
class QGraphicsLineItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;

namespace kse {

// A price pane (candlesticks, the last price as a dashed line, studies, the user's orders and
// lines) above a volume pane (bars coloured as their candles) on the same time range, with the
// time axis under both: the renderer of kse-chart export too, in a scene of its own so that it
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
    // Several, oldest first, laid out once.
    void upsert(const std::vector<ChartCandle>& candles, std::size_t maxCandles = 1'000);
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
    // Studies over the closes (chart/indicators.h): a period of 0 turns one off; VWAP has no
    // period (any other value shows it). Bollinger bands are two standard deviations wide.
    enum class Study { Sma, Ema, Bollinger, Vwap };
    void setStudy(Study study, int period);
    int study(Study study) const;
    // What a study's line holds, for the candles in view (Bollinger: 0 middle, 1 upper, 2 lower).
    QList<QPointF> drawnPoints(Study study, int line = 0) const;
    // The simple moving average (Study::Sma), and every point of it over the candles kept.
    void setMovingAverage(int period) { setStudy(Study::Sma, period); }
    int movingAverage() const { return m_smaPeriod; }
    const QList<QPointF>& movingAveragePoints() const { return m_maPoints; }
    // The user's working orders, each a dashed line at its price with a tag at the left:
    // "BUY 100 @ 188.00 ✕" (the key is the order id).
    struct OrderLine {
        QString id;
        std::int64_t price = 0; // ticks
        std::int64_t qty = 0;   // still open
        bool buy = true;
    };
    void setOrders(const std::vector<OrderLine>& orders);
    const PriceLines& orderLines() const { return *m_orderLines; }
    // Horizontal lines the user drew, each with its price on the axis (the key is the price in
    // ticks, as text); and the user's price alerts, drawn the same in their own colour.
    void setLevels(const std::vector<std::int64_t>& levels);
    const PriceLines& levelLines() const { return *m_levelLines; }
    void setAlerts(const std::vector<PriceLines::Line>& alerts);
    const PriceLines& alertLines() const { return *m_alertLines; }
    // The time axis's labels as drawn now.
    const std::vector<TimeAxis::Tick>& timeTicks() const { return m_ticks; }
    QList<QGraphicsSimpleTextItem*> timeLabels() const;
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
    // The price under a scene position of the price pane, in ticks (rounded to the nearest).
    std::optional<std::int64_t> priceAt(const QPointF& scenePosition) const;
    // Where the crosshair's labels go: the price pane's plot and the time axis's band (scene).
    QRectF pricePlot() const;
    QRectF timeBand() const;
    // Draws both panes into `target`: the price pane takes 72 % of its height.
    void render(QPainter& painter, const QRectF& target);

    QChart* priceChart() const { return m_price; }
    QChart* volumeChart() const { return m_volume; }

private:
    void layout(const QSizeF& size);
    bool place(const ChartCandle& candle, std::size_t maxCandles); // false: nothing changed
    void updateRanges();
    void applyColours();
    void draw(std::int64_t from, std::int64_t to); // puts the candles in view into the series
    void placeLastTag();
    void placeOverlays(); // the last-price tag, the price lines and the time axis
    void placeTimeAxis();
    void drawStudies(std::int64_t from, std::int64_t to);
    std::pair<std::int64_t, std::int64_t> fullRange() const;

    ChartSeries m_data;
    QGraphicsScene m_scene; // owns the charts
    QChart* m_price;
    QChart* m_volume;
    QCandlestickSeries* m_candles;
    QCandlestickSeries* m_volumes; // bars drawn as candles from 0 to the volume, aligned in time
    QLineSeries* m_last;
    QLineSeries* m_ma;
    QLineSeries* m_ema;
    QLineSeries* m_bandMiddle;
    QLineSeries* m_bandUpper;
    QLineSeries* m_bandLower;
    QLineSeries* m_vwap;
    QScatterSeries* m_buys;
    QScatterSeries* m_sells;
    QList<QPointF> m_maPoints;
    int m_smaPeriod = 0;
    int m_emaPeriod = 0;
    int m_bandPeriod = 0;
    bool m_vwapShown = false;
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
    std::unique_ptr<PriceLines> m_orderLines;
    std::unique_ptr<PriceLines> m_levelLines;
    std::unique_ptr<PriceLines> m_alertLines;
    // The time axis: our own labels and grid lines on round times, which Qt's date-time axis
    // (evenly spaced ticks, dropped when the pane is short) does not give.
    std::vector<TimeAxis::Tick> m_ticks;
    std::vector<QGraphicsSimpleTextItem*> m_timeLabels;
    std::vector<std::pair<QGraphicsLineItem*, QGraphicsLineItem*>> m_gridLines; // price pane, volume pane
    std::tuple<std::int64_t, std::int64_t, QRectF, QRectF> m_placedAxis{0, 0, QRectF(), QRectF()}; // what was placed
};

} // namespace kse
