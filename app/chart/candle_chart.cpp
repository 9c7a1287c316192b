#include "chart/candle_chart.h"

#include <QCandlestickSeries>
#include <QCandlestickSet>
#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLineSeries>
#include <QPainter>
#include <QPen>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "chart/indicators.h"
#include "domain/price.h"
#include "style/terminal_style.h"

namespace kse {
namespace {

constexpr double kPriceShare = 0.72;
constexpr std::size_t kDefaultVisible = 200; // candles in view when a chart opens
constexpr double kLabelSpacing = 90;         // pixels between the time axis's labels, at least

double value(std::int64_t ticks) { return static_cast<double>(ticks) / Price::kScale; }

double labelHeight() { return QFontMetricsF(QFont()).height() + 4; }

// A study's points for the candles between `from` and `to` (and one either side, so that the
// line runs to the plot's edges).
QList<QPointF> pointsIn(const std::vector<ChartCandle>& candles, const indicators::Line& line, std::int64_t from,
                        std::int64_t to) {
    QList<QPointF> points;
    const auto first = std::lower_bound(candles.begin(), candles.end(), from,
                                        [](const ChartCandle& c, std::int64_t t) { return c.start < t; });
    auto i = static_cast<std::size_t>(first - candles.begin());
    i = i > 0 ? i - 1 : 0;
    for (; i < candles.size(); ++i) {
        if (line[i])
            points.append({static_cast<qreal>(candles[i].start), *line[i]});
        if (candles[i].start > to)
            break;
    }
    return points;
}

QCandlestickSet* volumeBar(const ChartCandle& c) {
    // A bar from 0 to the volume, drawn as a candle: rising when its candle rose, falling when it fell.
    const auto v = static_cast<qreal>(c.volume);
    return c.close < c.open ? new QCandlestickSet(v, v, 0, 0, static_cast<qreal>(c.start))
                            : new QCandlestickSet(0, v, 0, v, static_cast<qreal>(c.start));
}

QChart* newChart(CandleChart::Theme theme) {
    auto* chart = new QChart;
    chart->setTheme(theme == CandleChart::Theme::Dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->legend()->hide();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(4, 4, 4, 4));
    return chart;
}

} // namespace

CandleChart::CandleChart(Theme theme)
    : m_price(newChart(theme))
    , m_volume(newChart(theme))
    , m_candles(new QCandlestickSeries)
    , m_volumes(new QCandlestickSeries)
    , m_last(new QLineSeries)
    , m_ma(new QLineSeries)
    , m_ema(new QLineSeries)
    , m_bandMiddle(new QLineSeries)
    , m_bandUpper(new QLineSeries)
    , m_bandLower(new QLineSeries)
    , m_vwap(new QLineSeries)
    , m_buys(new QScatterSeries)
    , m_sells(new QScatterSeries)
    , m_priceTime(new QDateTimeAxis)
    , m_volumeTime(new QDateTimeAxis)
    , m_priceAxis(new QValueAxis)
    , m_volumeAxis(new QValueAxis)
    , m_lastTag(new QGraphicsRectItem(m_price))
    , m_lastText(new QGraphicsSimpleTextItem(m_lastTag))
    , m_orderLines(std::make_unique<PriceLines>(m_price, m_candles, PriceLines::Tag::Left))
    , m_levelLines(std::make_unique<PriceLines>(m_price, m_candles, PriceLines::Tag::Axis))
    , m_alertLines(std::make_unique<PriceLines>(m_price, m_candles, PriceLines::Tag::Axis)) {
    m_candles->setBodyWidth(0.7);
    m_volumes->setBodyWidth(0.7);

    m_price->addSeries(m_candles);
    m_price->addSeries(m_last);
    m_price->addAxis(m_priceTime, Qt::AlignBottom);
    m_price->addAxis(m_priceAxis, Qt::AlignRight);
    for (QAbstractSeries* s : {static_cast<QAbstractSeries*>(m_candles), static_cast<QAbstractSeries*>(m_last)}) {
        s->attachAxis(m_priceTime);
        s->attachAxis(m_priceAxis);
    }
    for (QLineSeries* study : {m_ma, m_ema, m_bandMiddle, m_bandUpper, m_bandLower, m_vwap}) {
        m_price->addSeries(study);
        study->attachAxis(m_priceTime);
        study->attachAxis(m_priceAxis);
    }
    for (QScatterSeries* fills : {m_buys, m_sells}) {
        fills->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
        fills->setMarkerSize(9);
        fills->setBorderColor(Qt::white);
        m_price->addSeries(fills);
        fills->attachAxis(m_priceTime);
        fills->attachAxis(m_priceAxis);
    }
    applyColours();
    // placeTimeAxis() labels the times under the volume pane and draws the grid across both.
    for (QDateTimeAxis* time : {m_priceTime, m_volumeTime}) {
        time->setLabelsVisible(false);
        time->setGridLineVisible(false);
        time->setTickCount(2); // the ends only: the grid lines are placeTimeAxis()'s
    }
    m_priceTime->setLineVisible(false); // the volume pane's axis is the one under the candles
    m_priceAxis->setLabelFormat(QStringLiteral("%.2f"));

    m_volume->addSeries(m_volumes);
    m_volume->addAxis(m_volumeTime, Qt::AlignBottom);
    m_volume->addAxis(m_volumeAxis, Qt::AlignRight);
    m_volumes->attachAxis(m_volumeTime);
    m_volumes->attachAxis(m_volumeAxis);
    m_volumeAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_volumeAxis->setTickCount(3);

    m_lastTag->setZValue(10); // over the axis labels
    m_lastTag->setPen(Qt::NoPen);
    m_lastTag->hide();
    QObject::connect(m_price, &QChart::plotAreaChanged, m_price, [this] { placeOverlays(); });
    QObject::connect(m_volume, &QChart::plotAreaChanged, m_volume, [this] { placeTimeAxis(); });

    m_scene.addItem(m_price);
    m_scene.addItem(m_volume);
    layout(QSizeF(1200, 700));
}

CandleChart::~CandleChart() = default;

void CandleChart::setSeries(const ChartSeries& series) {
    m_data = series;
    m_drawn = {0, 0};
    m_candles->clear();
    m_volumes->clear();
    updateRanges();
}

bool CandleChart::place(const ChartCandle& c, std::size_t maxCandles) {
    auto& candles = m_data.candles;
    const auto at =
        std::lower_bound(candles.begin(), candles.end(), c.start,
                         [](const ChartCandle& existing, std::int64_t start) { return existing.start < start; });
    if (at != candles.end() && at->start == c.start) { // the forming candle, or a late correction
        // A window's candle only grows (docs/kafka.md): an older version arriving late (from
        // before an aggregator handover, or a replay catching up) leaves the newer one drawn.
        if (c.count < at->count || (c.count == at->count && at->final && !c.final))
            return false;
        *at = c;
        const auto i = static_cast<std::size_t>(at - candles.begin());
        if (i >= m_drawn.first && i < m_drawn.second) { // drawn: changed in place, no re-layout
            const auto k = static_cast<qsizetype>(i - m_drawn.first);
            QCandlestickSet* price = m_candles->sets().at(k);
            price->setOpen(value(c.open));
            price->setHigh(value(c.high));
            price->setLow(value(c.low));
            price->setClose(value(c.close));
            QCandlestickSet* volume = m_volumes->sets().at(k);
            const auto v = static_cast<qreal>(c.volume);
            volume->setHigh(v);
            volume->setOpen(c.close < c.open ? v : 0);
            volume->setClose(c.close < c.open ? 0 : v);
        }
    } else if (at == candles.end()) {
        candles.push_back(c);
        if (candles.size() > maxCandles) {
            candles.erase(candles.begin());
            // Every index moves down by one; the drawn sets stay, less the dropped candle's own.
            if (m_drawn.first > 0) {
                --m_drawn.first;
                --m_drawn.second;
            } else if (m_drawn.second > 0) {
                m_candles->remove(m_candles->sets().front());
                m_volumes->remove(m_volumes->sets().front());
                --m_drawn.second;
            }
        }
    } else {
        return false; // older than the candles kept: nothing to draw
    }
    return true;
}

void CandleChart::upsert(const ChartCandle& c, std::size_t maxCandles) {
    if (place(c, maxCandles))
        updateRanges();
}

void CandleChart::upsert(const std::vector<ChartCandle>& candles, std::size_t maxCandles) {
    bool changed = false;
    for (const ChartCandle& c : candles)
        changed = place(c, maxCandles) || changed;
    if (changed)
        updateRanges();
}

void CandleChart::draw(std::int64_t from, std::int64_t to) {
    // Only the candles in view go into the series: Qt Charts lays every candle out again on
    // each change, so a few hundred drawn stay fast however many are kept.
    const auto& candles = m_data.candles;
    const auto first =
        static_cast<std::size_t>(std::lower_bound(candles.begin(), candles.end(), from,
                                                  [](const ChartCandle& c, std::int64_t t) { return c.start < t; }) -
                                 candles.begin());
    const auto last =
        static_cast<std::size_t>(std::upper_bound(candles.begin(), candles.end(), to,
                                                  [](std::int64_t t, const ChartCandle& c) { return t < c.start; }) -
                                 candles.begin());
    if (std::make_pair(first, last) == m_drawn)
        return;
    const auto set = [](const ChartCandle& c) {
        return new QCandlestickSet(value(c.open), value(c.high), value(c.low), value(c.close),
                                   static_cast<qreal>(c.start));
    };
    const auto bar = volumeBar;
    if (m_drawn.second > m_drawn.first && first >= m_drawn.first && first < m_drawn.second && last > m_drawn.second &&
        last - m_drawn.second <= 4) {
        // The usual live step: a new candle at the end, and as many leave at the start when the
        // window slides. The sets still in view are kept rather than built again.
        const auto leaving = static_cast<qsizetype>(first - m_drawn.first);
        if (leaving > 0) {
            m_candles->remove(m_candles->sets().mid(0, leaving));
            m_volumes->remove(m_volumes->sets().mid(0, leaving));
        }
        QList<QCandlestickSet*> prices, volumes;
        for (std::size_t i = m_drawn.second; i < last; ++i) {
            prices.append(set(candles[i]));
            volumes.append(bar(candles[i]));
        }
        m_candles->append(prices);
        m_volumes->append(volumes);
    } else {
        m_candles->clear();
        m_volumes->clear();
        QList<QCandlestickSet*> prices, volumes;
        for (std::size_t i = first; i < last; ++i) {
            prices.append(set(candles[i]));
            volumes.append(bar(candles[i]));
        }
        m_candles->append(prices); // in one go: each append re-lays out every candle
        m_volumes->append(volumes);
    }
    m_drawn = {first, last};
}

std::pair<std::int64_t, std::int64_t> CandleChart::fullRange() const {
    const auto& candles = m_data.candles;
    const std::int64_t half = std::max<std::int64_t>(intervalMs(m_data.interval) / 2, 500);
    if (candles.empty())
        return {0, 0};
    return {candles.front().start - half, candles.back().start + half};
}

std::pair<std::int64_t, std::int64_t> CandleChart::visibleRange() const {
    const auto full = fullRange();
    if (!m_window) { // the newest candles, as a trading terminal opens a chart
        const auto& candles = m_data.candles;
        if (candles.size() <= kDefaultVisible)
            return full;
        const std::int64_t half = std::max<std::int64_t>(intervalMs(m_data.interval) / 2, 500);
        return {candles[candles.size() - kDefaultVisible].start - half, full.second};
    }
    if (!m_follow)
        return *m_window;
    const std::int64_t span = m_window->second - m_window->first;
    return {full.second - span, full.second};
}

void CandleChart::zoom(double factor, std::int64_t anchorMs) {
    const auto [from, to] = visibleRange();
    const auto full = fullRange();
    const double minimum = 10.0 * static_cast<double>(std::max<std::int64_t>(intervalMs(m_data.interval), 1'000));
    const double span = std::clamp(static_cast<double>(to - from) * factor, minimum,
                                   std::max(minimum, static_cast<double>(full.second - full.first)));
    const double share = to > from ? static_cast<double>(anchorMs - from) / static_cast<double>(to - from) : 1.0;
    const auto newFrom = static_cast<std::int64_t>(static_cast<double>(anchorMs) - share * span);
    m_window = std::make_pair(newFrom, newFrom + static_cast<std::int64_t>(span));
    m_follow = m_follow && m_window->second >= full.second; // zooming into the past stops following
    updateRanges();
}

void CandleChart::pan(std::int64_t deltaMs) {
    m_window = visibleRange();
    m_window->first += deltaMs;
    m_window->second += deltaMs;
    m_follow = false;
    updateRanges();
}

void CandleChart::showAll() {
    m_window = fullRange();
    m_follow = true;
    updateRanges();
}

void CandleChart::setFollowLatest(bool follow) {
    if (follow && m_window)
        m_window = visibleRange(); // keep the span, move to the newest
    m_follow = follow;
    updateRanges();
}

void CandleChart::setStudy(Study study, int period) {
    period = std::clamp(period, 0, 500);
    switch (study) {
    case Study::Sma: m_smaPeriod = period; break;
    case Study::Ema: m_emaPeriod = period; break;
    case Study::Bollinger: m_bandPeriod = period; break;
    case Study::Vwap: m_vwapShown = period > 0; break;
    }
    updateRanges();
}

int CandleChart::study(Study study) const {
    switch (study) {
    case Study::Sma: return m_smaPeriod;
    case Study::Ema: return m_emaPeriod;
    case Study::Bollinger: return m_bandPeriod;
    case Study::Vwap: return m_vwapShown ? 1 : 0;
    }
    return 0;
}

QList<QPointF> CandleChart::drawnPoints(Study study, int line) const {
    switch (study) {
    case Study::Sma: return m_ma->points();
    case Study::Ema: return m_ema->points();
    case Study::Bollinger: return (line == 1 ? m_bandUpper : line == 2 ? m_bandLower : m_bandMiddle)->points();
    case Study::Vwap: return m_vwap->points();
    }
    return {};
}

void CandleChart::setOrders(const std::vector<OrderLine>& orders) {
    std::vector<PriceLines::Line> lines;
    for (const OrderLine& o : orders)
        lines.push_back({o.id, o.price,
                         QStringLiteral("%1 %2 @ %3  \u2715")
                             .arg(o.buy ? QStringLiteral("BUY") : QStringLiteral("SELL"), style::quantity(o.qty),
                                  style::price(o.price)),
                         o.buy ? style::up() : style::down(), true});
    m_orderLines->set(std::move(lines));
}

void CandleChart::setLevels(const std::vector<std::int64_t>& levels) {
    std::vector<PriceLines::Line> lines;
    for (std::int64_t level : levels)
        lines.push_back({QString::number(level), level, style::price(level), QColor(0x7e, 0x57, 0xc2), false});
    m_levelLines->set(std::move(lines));
}

void CandleChart::setAlerts(const std::vector<PriceLines::Line>& alerts) { m_alertLines->set(alerts); }

void CandleChart::setMarkers(const std::vector<Marker>& markers) {
    QList<QPointF> buys, sells;
    for (const Marker& m : markers)
        (m.buy ? buys : sells).append({static_cast<qreal>(m.ts), value(m.price)});
    m_buys->replace(buys);
    m_sells->replace(sells);
}

int CandleChart::markerCount() const { return static_cast<int>(m_buys->count() + m_sells->count()); }

void CandleChart::setTheme(Theme theme) {
    for (QChart* chart : {m_price, m_volume})
        chart->setTheme(theme == Theme::Dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    applyColours(); // a chart theme repaints series in its own colours: put ours back
}

void CandleChart::applyColours() {
    m_candles->setIncreasingColor(style::up());
    m_candles->setDecreasingColor(style::down());
    // Volume in the candles' colours, lighter, so that the price stays in front.
    QColor up = style::up(), down = style::down();
    up.setAlpha(140);
    down.setAlpha(140);
    m_volumes->setIncreasingColor(up);
    m_volumes->setDecreasingColor(down);
    QPen lastPen(QColor(0x42, 0x85, 0xf4));
    lastPen.setStyle(Qt::DashLine);
    m_last->setPen(lastPen);
    m_ma->setPen(QPen(QColor(0xff, 0xa7, 0x26), 1.5));
    m_ema->setPen(QPen(QColor(0x29, 0xb6, 0xf6), 1.5));
    m_vwap->setPen(QPen(QColor(0xab, 0x47, 0xbc), 1.5));
    QPen band(QColor(0x78, 0x90, 0x9c), 1);
    m_bandUpper->setPen(band);
    m_bandLower->setPen(band);
    band.setStyle(Qt::DotLine);
    m_bandMiddle->setPen(band);
    const QBrush labels = m_priceAxis->labelsBrush();
    for (QGraphicsSimpleTextItem* label : m_timeLabels)
        label->setBrush(labels);
    for (auto& [price, volume] : m_gridLines) {
        price->setPen(m_priceAxis->gridLinePen());
        volume->setPen(m_priceAxis->gridLinePen());
    }
    m_lastTag->setBrush(lastPen.color());
    m_lastText->setBrush(Qt::white);
    m_buys->setColor(QColor(0x00, 0x89, 0x7b));
    m_sells->setColor(QColor(0xc6, 0x28, 0x28));
}

const ChartCandle* CandleChart::candleAt(std::int64_t ms) const {
    const std::int64_t width = std::max<std::int64_t>(intervalMs(m_data.interval), 1'000);
    const auto& candles = m_data.candles;
    const auto it = std::lower_bound(candles.begin(), candles.end(), ms - width / 2,
                                     [](const ChartCandle& c, std::int64_t t) { return c.start < t; });
    if (it == candles.end() || std::abs(it->start - ms) > width / 2)
        return nullptr;
    return &*it;
}

std::optional<std::int64_t> CandleChart::timeAt(const QPointF& scenePosition) const {
    const QPointF local = m_price->mapFromScene(scenePosition);
    if (!m_price->plotArea().contains(local))
        return std::nullopt;
    return static_cast<std::int64_t>(m_price->mapToValue(local, m_candles).x());
}

std::optional<std::int64_t> CandleChart::priceAt(const QPointF& scenePosition) const {
    const QPointF local = m_price->mapFromScene(scenePosition);
    if (!m_price->plotArea().contains(local))
        return std::nullopt;
    const double price = m_price->mapToValue(local, m_candles).y();
    if (!(price > 0) || price > 1e14 / Price::kScale)
        return std::nullopt;
    // A pixel is worth far less than a tick's precision says: cents from 1.00 up, as traders
    // quote them; ticks below.
    const std::int64_t ticks = std::llround(price * Price::kScale);
    return ticks >= Price::kScale ? (ticks + 50) / 100 * 100 : std::max<std::int64_t>(ticks, 1);
}

QRectF CandleChart::pricePlot() const { return m_price->mapRectToScene(m_price->plotArea()); }

QRectF CandleChart::timeBand() const {
    const QRectF plot = m_volume->mapRectToScene(m_volume->plotArea());
    return QRectF(plot.left(), plot.bottom() + 1, plot.width(), labelHeight());
}

QList<QGraphicsSimpleTextItem*> CandleChart::timeLabels() const {
    QList<QGraphicsSimpleTextItem*> shown;
    for (QGraphicsSimpleTextItem* label : m_timeLabels)
        if (label->isVisible())
            shown.append(label);
    return shown;
}

void CandleChart::updateRanges() {
    const auto& candles = m_data.candles;
    m_maPoints.clear();
    if (m_smaPeriod > 1) {
        const indicators::Line sma = indicators::sma(candles, m_smaPeriod);
        for (std::size_t i = 0; i < candles.size(); ++i)
            if (sma[i])
                m_maPoints.append({static_cast<qreal>(candles[i].start), *sma[i]});
    }
    if (candles.empty()) {
        for (QLineSeries* study : {m_ma, m_ema, m_bandMiddle, m_bandUpper, m_bandLower, m_vwap})
            study->clear();
        m_last->clear();
        m_candles->clear();
        m_volumes->clear();
        m_drawn = {0, 0};
        m_price->setTitle(QStringLiteral("%1 · %2 · no candles").arg(m_data.symbol, m_data.interval));
        m_lastTag->hide();
        placeTimeAxis();
        return;
    }
    const auto [from, to] = visibleRange();
    draw(from, to);
    drawStudies(from, to);
    std::int64_t low = 0, high = 0, volumeMax = 0;
    bool any = false;
    for (const ChartCandle& c : candles) {
        if (c.start < from || c.start > to)
            continue; // the value axes fit what is shown
        low = any ? std::min(low, c.low) : c.low;
        high = any ? std::max(high, c.high) : c.high;
        volumeMax = std::max(volumeMax, c.volume);
        any = true;
    }
    if (!any) {
        low = candles.back().low;
        high = candles.back().high;
    }
    const QDateTime fromTime = QDateTime::fromMSecsSinceEpoch(from), toTime = QDateTime::fromMSecsSinceEpoch(to);
    m_priceTime->setRange(fromTime, toTime);
    m_volumeTime->setRange(fromTime, toTime);
    const double pad = std::max(value(high - low) * 0.05, 0.01);
    m_priceAxis->setRange(value(low) - pad, value(high) + pad);
    m_volumeAxis->setRange(0, std::max<double>(1.0, static_cast<double>(volumeMax) * 1.1));
    const double last = value(candles.back().close);
    m_last->replace(QList<QPointF>{{static_cast<qreal>(from), last}, {static_cast<qreal>(to), last}});
    if (const QString title = QStringLiteral("%1 · %2").arg(m_data.symbol, m_data.interval); m_price->title() != title)
        m_price->setTitle(title); // only when it changes: a new title lays the chart out again
    m_lastText->setText(style::price(candles.back().close));
    placeOverlays();
    placeTimeAxis();
}

void CandleChart::drawStudies(std::int64_t from, std::int64_t to) {
    // Computed over every candle kept (an average needs the candles before the view), drawn for
    // the candles in view only: Qt Charts lays out every point of a line on each change.
    const auto& candles = m_data.candles;
    const auto show = [&](QLineSeries* series, bool on, const auto& compute) {
        series->setVisible(on);
        if (on)
            series->replace(pointsIn(candles, compute(), from, to));
        else if (series->count() > 0)
            series->clear();
    };
    show(m_ma, m_smaPeriod > 1, [&] { return indicators::sma(candles, m_smaPeriod); });
    show(m_ema, m_emaPeriod > 1, [&] { return indicators::ema(candles, m_emaPeriod); });
    show(m_vwap, m_vwapShown, [&] { return indicators::vwap(candles); });
    const bool bands = m_bandPeriod > 1;
    const indicators::Bands b = bands ? indicators::bollinger(candles, m_bandPeriod) : indicators::Bands{};
    show(m_bandMiddle, bands, [&] { return b.middle; });
    show(m_bandUpper, bands, [&] { return b.upper; });
    show(m_bandLower, bands, [&] { return b.lower; });
}

void CandleChart::placeOverlays() {
    placeLastTag();
    m_orderLines->place();
    m_levelLines->place();
    m_alertLines->place();
}

void CandleChart::placeTimeAxis() {
    const QRectF plot = m_volume->plotArea();
    const QRectF pricePlot = m_price->plotArea();
    const auto [from, to] = m_data.candles.empty() ? std::pair<std::int64_t, std::int64_t>{0, 0} : visibleRange();
    if (std::make_tuple(from, to, plot, pricePlot) == m_placedAxis)
        return; // nothing moved: a forming candle changed in place
    m_placedAxis = {from, to, plot, pricePlot};
    const int offset = QDateTime::fromMSecsSinceEpoch(from).offsetFromUtc();
    m_ticks = TimeAxis::ticks(from, to, plot.width(), kLabelSpacing, offset);
    const QBrush brush = m_priceAxis->labelsBrush();
    const QPen grid = m_priceAxis->gridLinePen();
    while (m_timeLabels.size() < m_ticks.size()) {
        auto* label = new QGraphicsSimpleTextItem(m_volume);
        label->setBrush(brush);
        m_timeLabels.push_back(label);
        auto* priceLine = new QGraphicsLineItem(m_price);
        auto* volumeLine = new QGraphicsLineItem(m_volume);
        for (QGraphicsLineItem* line : {priceLine, volumeLine}) {
            line->setPen(grid);
            line->setZValue(2); // Qt Charts' own grid level: under the axes and the series
        }
        m_gridLines.emplace_back(priceLine, volumeLine);
    }
    const double span = static_cast<double>(to - from);
    for (std::size_t i = 0; i < m_timeLabels.size(); ++i) {
        QGraphicsSimpleTextItem* label = m_timeLabels[i];
        auto [priceLine, volumeLine] = m_gridLines[i];
        const bool shown = i < m_ticks.size() && span > 0;
        label->setVisible(shown);
        priceLine->setVisible(shown);
        volumeLine->setVisible(shown);
        if (!shown)
            continue;
        const double share = static_cast<double>(m_ticks[i].ms - from) / span;
        const double x = plot.left() + share * plot.width();
        label->setText(m_ticks[i].label);
        const QRectF text = label->boundingRect();
        label->setPos(std::max(plot.left(), std::min(x - text.width() / 2, plot.right() - text.width())),
                      plot.bottom() + 3);
        volumeLine->setLine(x, plot.top(), x, plot.bottom());
        const double px = pricePlot.left() + share * pricePlot.width();
        priceLine->setLine(px, pricePlot.top(), px, pricePlot.bottom());
    }
}

void CandleChart::placeLastTag() {
    const auto& candles = m_data.candles;
    const QRectF plot = m_price->plotArea();
    if (candles.empty() || plot.isEmpty()) {
        m_lastTag->hide();
        return;
    }
    const double y = m_price->mapToPosition(QPointF(0, value(candles.back().close)), m_candles).y();
    if (y < plot.top() || y > plot.bottom()) { // panned to where the last price is out of view
        m_lastTag->hide();
        return;
    }
    const QRectF text = m_lastText->boundingRect();
    m_lastTag->setRect(0, 0, text.width() + 8, text.height() + 2);
    m_lastText->setPos(4, 1);
    m_lastTag->setPos(plot.right() + 1, y - (text.height() + 2) / 2);
    m_lastTag->show();
}

void CandleChart::layout(const QSizeF& size) {
    const double priceHeight = size.height() * kPriceShare;
    const QMargins base(4, 4, 4, 4);
    // Room under the volume pane for the time axis's labels.
    const QMargins volumeBase = base + QMargins(0, 0, 0, static_cast<int>(std::ceil(labelHeight())));
    m_price->setMargins(base);
    m_volume->setMargins(volumeBase);
    m_price->setGeometry(QRectF(0, 0, size.width(), priceHeight));
    m_volume->setGeometry(QRectF(0, priceHeight, size.width(), size.height() - priceHeight));
    // A pane too low for three volume labels shows none rather than "…".
    m_volumeAxis->setLabelsVisible(size.height() - priceHeight >= 110);
    m_price->layout()->activate(); // now, not on the next turn of an event loop export may not have
    m_volume->layout()->activate();
    // The same left and right edges in both panes, so that a candle and its volume line up: the
    // pane with the narrower labels gets the difference as margin.
    const QRectF p = m_price->plotArea(), v = m_volume->plotArea();
    const int left = static_cast<int>(std::lround(p.left() - v.left()));
    const int right = static_cast<int>(std::lround(v.right() - p.right()));
    m_price->setMargins(base + QMargins(std::max(0, -left), 0, std::max(0, -right), 0));
    m_volume->setMargins(volumeBase + QMargins(std::max(0, left), 0, std::max(0, right), 0));
    m_price->layout()->activate();
    m_volume->layout()->activate();
    m_scene.setSceneRect(QRectF(QPointF(0, 0), size));
}

void CandleChart::render(QPainter& painter, const QRectF& target) {
    layout(target.size());
    m_scene.render(&painter, target, m_scene.sceneRect());
}

} // namespace kse
