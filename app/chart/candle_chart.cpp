#include "chart/candle_chart.h"

#include <QCandlestickSeries>
#include <QCandlestickSet>
#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsLayout>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLineSeries>
#include <QPainter>
#include <QPen>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "domain/price.h"
#include "style/terminal_style.h"

namespace kse {
namespace {

constexpr double kPriceShare = 0.72;
constexpr std::size_t kDefaultVisible = 200; // candles in view when a chart opens

double value(std::int64_t ticks) { return static_cast<double>(ticks) / Price::kScale; }

QString timeFormat(const QString& interval) {
    if (interval == QLatin1String("1s"))
        return QStringLiteral("HH:mm:ss");
    if (interval == QLatin1String("1h"))
        return QStringLiteral("dd MMM HH:mm");
    return QStringLiteral("HH:mm");
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
    , m_buys(new QScatterSeries)
    , m_sells(new QScatterSeries)
    , m_priceTime(new QDateTimeAxis)
    , m_volumeTime(new QDateTimeAxis)
    , m_priceAxis(new QValueAxis)
    , m_volumeAxis(new QValueAxis)
    , m_lastTag(new QGraphicsRectItem(m_price))
    , m_lastText(new QGraphicsSimpleTextItem(m_lastTag)) {
    m_candles->setBodyWidth(0.7);
    m_volumes->setBodyWidth(0.7);

    m_price->addSeries(m_candles);
    m_price->addSeries(m_last);
    m_price->addSeries(m_ma);
    m_price->addAxis(m_priceTime, Qt::AlignBottom);
    m_price->addAxis(m_priceAxis, Qt::AlignRight);
    for (QAbstractSeries* s : {static_cast<QAbstractSeries*>(m_candles), static_cast<QAbstractSeries*>(m_last)}) {
        s->attachAxis(m_priceTime);
        s->attachAxis(m_priceAxis);
    }
    m_ma->attachAxis(m_priceTime);
    m_ma->attachAxis(m_priceAxis);
    for (QScatterSeries* fills : {m_buys, m_sells}) {
        fills->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
        fills->setMarkerSize(9);
        fills->setBorderColor(Qt::white);
        m_price->addSeries(fills);
        fills->attachAxis(m_priceTime);
        fills->attachAxis(m_priceAxis);
    }
    applyColours();
    m_priceTime->setLabelsVisible(false); // the volume pane below shows the times
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
    QObject::connect(m_price, &QChart::plotAreaChanged, m_price, [this] { placeLastTag(); });

    m_scene.addItem(m_price);
    m_scene.addItem(m_volume);
    layout(QSizeF(1200, 700));
}

CandleChart::~CandleChart() = default;

void CandleChart::setSeries(const ChartSeries& series) {
    m_data = series;
    const QString format = timeFormat(m_data.interval);
    m_priceTime->setFormat(format);
    m_volumeTime->setFormat(format);
    m_drawn = {0, 0};
    m_candles->clear();
    m_volumes->clear();
    updateRanges();
}

void CandleChart::upsert(const ChartCandle& c, std::size_t maxCandles) {
    auto& candles = m_data.candles;
    const auto at =
        std::lower_bound(candles.begin(), candles.end(), c.start,
                         [](const ChartCandle& existing, std::int64_t start) { return existing.start < start; });
    if (at != candles.end() && at->start == c.start) { // the forming candle, or a late correction
        // A window's candle only grows (docs/kafka.md): an older version arriving late (from
        // before an aggregator handover, or a replay catching up) leaves the newer one drawn.
        if (c.count < at->count || (c.count == at->count && at->final && !c.final))
            return;
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
            volume->setHigh(static_cast<qreal>(c.volume));
            volume->setClose(static_cast<qreal>(c.volume));
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
        return; // older than the candles kept: nothing to draw
    }
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
    const auto bar = [](const ChartCandle& c) {
        return new QCandlestickSet(0, static_cast<qreal>(c.volume), 0, static_cast<qreal>(c.volume),
                                   static_cast<qreal>(c.start));
    };
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

void CandleChart::setMovingAverage(int period) {
    m_maPeriod = std::max(0, period);
    updateRanges();
}

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
    m_volumes->setIncreasingColor(QColor(0x90, 0xa4, 0xae));
    m_volumes->setDecreasingColor(QColor(0x90, 0xa4, 0xae));
    QPen lastPen(QColor(0x42, 0x85, 0xf4));
    lastPen.setStyle(Qt::DashLine);
    m_last->setPen(lastPen);
    m_ma->setPen(QPen(QColor(0xff, 0xa7, 0x26), 1.5));
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

void CandleChart::updateRanges() {
    const auto& candles = m_data.candles;
    // The moving average: a running sum of the closes, exact in ticks until the division.
    m_maPoints.clear();
    if (m_maPeriod > 1 && candles.size() >= static_cast<std::size_t>(m_maPeriod)) {
        std::int64_t sum = 0;
        for (std::size_t i = 0; i < candles.size(); ++i) {
            sum += candles[i].close;
            if (i >= static_cast<std::size_t>(m_maPeriod))
                sum -= candles[i - static_cast<std::size_t>(m_maPeriod)].close;
            if (i + 1 >= static_cast<std::size_t>(m_maPeriod))
                m_maPoints.append({static_cast<qreal>(candles[i].start), value(sum) / m_maPeriod});
        }
    }
    m_ma->replace(m_maPoints);
    if (candles.empty()) {
        m_last->clear();
        m_candles->clear();
        m_volumes->clear();
        m_drawn = {0, 0};
        m_price->setTitle(QStringLiteral("%1 · %2 · no candles").arg(m_data.symbol, m_data.interval));
        m_lastTag->hide();
        return;
    }
    const auto [from, to] = visibleRange();
    draw(from, to);
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
    placeLastTag();
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
    m_price->setMargins(base);
    m_volume->setMargins(base);
    m_price->setGeometry(QRectF(0, 0, size.width(), priceHeight));
    m_volume->setGeometry(QRectF(0, priceHeight, size.width(), size.height() - priceHeight));
    m_price->layout()->activate(); // now, not on the next turn of an event loop export may not have
    m_volume->layout()->activate();
    // The same left and right edges in both panes, so that a candle and its volume line up: the
    // pane with the narrower labels gets the difference as margin.
    const QRectF p = m_price->plotArea(), v = m_volume->plotArea();
    const int left = static_cast<int>(std::lround(p.left() - v.left()));
    const int right = static_cast<int>(std::lround(v.right() - p.right()));
    m_price->setMargins(base + QMargins(std::max(0, -left), 0, std::max(0, -right), 0));
    m_volume->setMargins(base + QMargins(std::max(0, left), 0, std::max(0, right), 0));
    m_price->layout()->activate();
    m_volume->layout()->activate();
    m_scene.setSceneRect(QRectF(QPointF(0, 0), size));
}

void CandleChart::render(QPainter& painter, const QRectF& target) {
    layout(target.size());
    m_scene.render(&painter, target, m_scene.sceneRect());
}

} // namespace kse
