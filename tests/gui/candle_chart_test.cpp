// The chart's own behaviour: zoom, pan, following the latest candle, the moving average, the
// crosshair's readout.
#include <QApplication>
#include <QCandlestickSeries>
#include <QCandlestickSet>
#include <QChart>
#include <QDir>
#include <QGraphicsSimpleTextItem>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>
#include <gtest/gtest.h>

#include <QMenu>

#include "chart/candle_chart.h"
#include "style/terminal_style.h"
#include "ui/chart_view.h"

using namespace kse;

namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kStart = 1'800'000'000'000;

ChartCandle candle(int i, std::int64_t close) {
    return ChartCandle{kStart + i * kMinute, close, close + 100, close - 100, close, 10 + i, close, 1, true};
}

ChartSeries minutes(int count) {
    ChartSeries s{QStringLiteral("AAPL"), QStringLiteral("1m"), {}};
    for (int i = 0; i < count; ++i)
        s.candles.push_back(candle(i, 1'000'000 + i * 100));
    return s;
}

// An hour of one-minute candles in a view 900 × 500 on screen (the view lays the chart out).
struct ChartOnScreen {
    CandleChart chart;
    ChartView view{chart};
    ChartOnScreen() {
        chart.setSeries(minutes(60));
        view.resize(900, 500);
        view.show();
    }
};

} // namespace

TEST(CandleChart, ZoomsAroundAnAnchorAndFollowsTheLatest) {
    CandleChart chart;
    chart.setSeries(minutes(100));
    const auto full = chart.visibleRange();
    EXPECT_EQ(full, std::make_pair(kStart - kMinute / 2, kStart + 99 * kMinute + kMinute / 2));
    chart.zoom(0.5, full.second); // anchored at the right edge: still the newest in view
    auto zoomed = chart.visibleRange();
    EXPECT_EQ(zoomed.second, full.second);
    EXPECT_EQ(zoomed.second - zoomed.first, (full.second - full.first) / 2);
    EXPECT_TRUE(chart.followLatest());
    chart.upsert(candle(100, 1'020'000)); // a new candle: the window moves with it
    EXPECT_EQ(chart.visibleRange().second, kStart + 100 * kMinute + kMinute / 2);
    EXPECT_EQ(chart.visibleRange().second - chart.visibleRange().first, zoomed.second - zoomed.first);

    chart.zoom(0.001, kStart); // never narrower than 10 candles
    EXPECT_EQ(chart.visibleRange().second - chart.visibleRange().first, 10 * kMinute);
    EXPECT_FALSE(chart.followLatest()); // zoomed into the past
    chart.showAll();
    EXPECT_TRUE(chart.followLatest());
    EXPECT_EQ(chart.visibleRange().first, kStart - kMinute / 2);
}

TEST(CandleChart, PanningStopsFollowingAndNewCandlesLeaveTheWindowAlone) {
    CandleChart chart;
    chart.setSeries(minutes(50));
    chart.zoom(0.5, chart.visibleRange().second);
    chart.pan(-10 * kMinute);
    const auto window = chart.visibleRange();
    EXPECT_FALSE(chart.followLatest());
    chart.upsert(candle(50, 1'010'000));
    EXPECT_EQ(chart.visibleRange(), window);
    chart.setFollowLatest(true); // back to the newest, with the same span
    EXPECT_EQ(chart.visibleRange().second, kStart + 50 * kMinute + kMinute / 2);
    EXPECT_EQ(chart.visibleRange().second - chart.visibleRange().first, window.second - window.first);
}

TEST(CandleChart, AnOlderVersionOfACandleArrivingLateDoesNotReplaceTheNewerOne) {
    CandleChart chart;
    chart.setSeries(minutes(10));
    ChartCandle newer = candle(9, 1'050'000);
    newer.count = 5;
    chart.upsert(newer);
    ChartCandle older = candle(9, 990'000);
    older.count = 3;
    chart.upsert(older); // fewer prices: from before a handover
    EXPECT_EQ(chart.series().candles.back(), newer);
    ChartCandle forming = newer;
    forming.final = false;
    chart.upsert(forming); // the same prices, not final: a replay catching up
    EXPECT_EQ(chart.series().candles.back(), newer);
    ChartCandle corrected = candle(9, 1'060'000);
    corrected.count = 6;
    chart.upsert(corrected); // a late price: more prices win
    EXPECT_EQ(chart.series().candles.back(), corrected);
}

TEST(CandleChart, LiveCandlesSlideTheDrawnWindowAndKeepTheSetsStillInView) {
    CandleChart chart;
    chart.setSeries(minutes(300));
    auto* candles = qobject_cast<QCandlestickSeries*>(chart.priceChart()->series().at(0));
    auto* volumes = qobject_cast<QCandlestickSeries*>(chart.volumeChart()->series().at(0));
    ASSERT_TRUE(candles && volumes);
    ASSERT_EQ(candles->count(), 200); // the newest 200 when a chart opens
    const QCandlestickSet* kept = candles->sets().at(5);
    for (int i = 300; i < 303; ++i)
        chart.upsert(candle(i, 1'000'000 + i * 100));
    ASSERT_EQ(candles->count(), 200);
    ASSERT_EQ(volumes->count(), 200);
    EXPECT_EQ(candles->sets().at(2), kept); // moved three places to the left, not built again
    for (int k = 0; k < 200; ++k) {
        const ChartCandle expected = candle(103 + k, 1'000'000 + (103 + k) * 100);
        ASSERT_EQ(candles->sets().at(k)->timestamp(), static_cast<qreal>(expected.start)) << k;
        ASSERT_EQ(candles->sets().at(k)->close(), static_cast<qreal>(expected.close) / 10'000) << k;
        ASSERT_EQ(volumes->sets().at(k)->timestamp(), static_cast<qreal>(expected.start)) << k;
        ASSERT_EQ(volumes->sets().at(k)->high(), static_cast<qreal>(expected.volume)) << k;
    }
    chart.upsert(candle(302, 2'000'000)); // the forming candle changes in place
    EXPECT_EQ(candles->sets().back()->close(), 200.0);
    EXPECT_EQ(candles->count(), 200);

    // At the cap the oldest kept candle goes, and still nothing in view is built again.
    const QCandlestickSet* still = candles->sets().at(5);
    chart.upsert(candle(303, 1'030'300), 303);
    ASSERT_EQ(chart.series().candles.size(), 303u);
    EXPECT_EQ(chart.series().candles.front().start, candle(1, 0).start);
    ASSERT_EQ(candles->count(), 200);
    EXPECT_EQ(candles->sets().at(4), still);
    EXPECT_EQ(candles->sets().front()->timestamp(), static_cast<qreal>(candle(104, 0).start));
    EXPECT_EQ(candles->sets().back()->timestamp(), static_cast<qreal>(candle(303, 0).start));

    // Everything in view (show all): the dropped candle's sets go with it.
    chart.showAll();
    ASSERT_EQ(candles->count(), 303);
    chart.upsert(candle(304, 1'030'400), 303);
    ASSERT_EQ(candles->count(), 303);
    ASSERT_EQ(volumes->count(), 303);
    EXPECT_EQ(candles->sets().front()->timestamp(), static_cast<qreal>(candle(2, 0).start));
    EXPECT_EQ(candles->sets().back()->timestamp(), static_cast<qreal>(candle(304, 0).start));
}

TEST(CandleChart, TheLastPriceTagSitsOnThePriceAxisAtTheLastClose) {
    CandleChart chart;
    chart.setSeries(minutes(60));
    chart.resize(QSizeF(900, 500));
    const auto tags = [&] {
        QList<QGraphicsSimpleTextItem*> found;
        for (QGraphicsItem* item : chart.scene()->items())
            if (auto* text = dynamic_cast<QGraphicsSimpleTextItem*>(item);
                text && text->parentItem() && text->parentItem()->zValue() == 10)
                found.append(text);
        return found;
    };
    ASSERT_EQ(tags().size(), 1);
    QGraphicsSimpleTextItem* tag = tags().front();
    EXPECT_EQ(tag->text(), QStringLiteral("100.59")); // 1,000,000 + 59 × 100 ticks
    EXPECT_TRUE(tag->parentItem()->isVisible());
    const QRectF plot = chart.priceChart()->plotArea();
    const double y = chart.priceChart()->mapToPosition(QPointF(0, 100.59), chart.priceChart()->series().at(0)).y();
    const QRectF box = tag->parentItem()->mapRectToParent(tag->parentItem()->boundingRect());
    EXPECT_NEAR(box.center().y(), y, 1.0);
    EXPECT_NEAR(box.left(), plot.right() + 1, 0.5);

    chart.upsert(candle(60, 1'012'345));
    EXPECT_EQ(tag->text(), QStringLiteral("101.2345"));
    EXPECT_EQ(chart.priceChart()->title(), QStringLiteral("AAPL · 1m")); // the title stays as it was
    chart.zoom(0.2, kStart); // the past, where the last price is above the view
    EXPECT_FALSE(tag->parentItem()->isVisible());
    QImage image(900, 500, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    chart.showAll();
    QPainter painter(&image);
    chart.render(painter, QRectF(0, 0, 900, 500));
    QDir().mkpath(QStringLiteral(KSE_GUI_ARTIFACTS));
    image.save(QStringLiteral(KSE_GUI_ARTIFACTS "/candle-chart.png"));
}

TEST(CandleChart, MovingAverageOfTheCloses) {
    CandleChart chart;
    ChartSeries s{QStringLiteral("X"), QStringLiteral("1m"), {}};
    for (int i = 0; i < 4; ++i)
        s.candles.push_back(candle(i, (i + 1) * 10'000)); // closes 1, 2, 3, 4
    chart.setSeries(s);
    chart.setMovingAverage(3);
    const QList<QPointF> expected{{static_cast<qreal>(kStart + 2 * kMinute), 2.0},
                                  {static_cast<qreal>(kStart + 3 * kMinute), 3.0}};
    EXPECT_EQ(chart.movingAveragePoints(), expected);
    chart.setMovingAverage(0);
    EXPECT_TRUE(chart.movingAveragePoints().isEmpty());
    EXPECT_EQ(chart.candleAt(kStart + kMinute + 20'000)->close, 20'000);
    EXPECT_EQ(chart.candleAt(kStart - 5 * kMinute), nullptr);
}

TEST(ChartView, TheWheelZoomsADragPansAndTheCrosshairReadsOut) {
    ChartOnScreen shown;
    CandleChart& chart = shown.chart;
    ChartView& view = shown.view;
    QSignalSpy changed(&view, &ChartView::viewChanged);
    QSignalSpy readout(&view, &ChartView::readout);
    const QRectF plot = chart.priceChart()->mapRectToScene(chart.priceChart()->plotArea());
    const QPoint centre = view.mapFromScene(plot.center());

    const auto before = chart.visibleRange();
    QWheelEvent wheel(QPointF(centre), view.viewport()->mapToGlobal(QPointF(centre)), {}, {0, 120}, Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view.viewport(), &wheel);
    ASSERT_EQ(changed.count(), 1);
    EXPECT_LT(chart.visibleRange().second - chart.visibleRange().first, before.second - before.first);

    const auto zoomed = chart.visibleRange();
    QTest::mousePress(view.viewport(), Qt::LeftButton, {}, centre);
    QMouseEvent drag(QEvent::MouseMove, QPointF(centre + QPoint(100, 0)),
                     view.viewport()->mapToGlobal(QPointF(centre + QPoint(100, 0))), Qt::NoButton, Qt::LeftButton,
                     Qt::NoModifier);
    QApplication::sendEvent(view.viewport(), &drag);
    QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, centre + QPoint(100, 0));
    EXPECT_LT(chart.visibleRange().first, zoomed.first); // dragged right: earlier candles come in
    EXPECT_FALSE(chart.followLatest());

    QMouseEvent hover(QEvent::MouseMove, QPointF(centre), view.viewport()->mapToGlobal(QPointF(centre)), Qt::NoButton,
                      Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(view.viewport(), &hover);
    ASSERT_GE(readout.count(), 1);
    EXPECT_TRUE(readout.last().first().toString().contains(QStringLiteral(" O ")))
        << readout.last().first().toString().toStdString();
}

TEST(CandleChart, FillMarkersAndThemes) {
    CandleChart chart;
    chart.setSeries(minutes(10));
    chart.setMarkers({{kStart + kMinute, 1'000'100, true},
                      {kStart + 2 * kMinute, 1'000'200, true},
                      {kStart + 3 * kMinute, 1'000'300, false}});
    EXPECT_EQ(chart.markerCount(), 3);
    chart.setMarkers({});
    EXPECT_EQ(chart.markerCount(), 0);
    // A theme recolours the panes but not the candles: up stays green, down red.
    chart.setTheme(CandleChart::Theme::Dark);
    EXPECT_EQ(chart.priceChart()->theme(), QChart::ChartThemeDark);
    QImage image(600, 400, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        chart.render(painter, QRectF(0, 0, 600, 400));
    }
    // A dark plot: the mean grey over the price pane's plot (candles, grid lines and all).
    const QRect plot = chart.pricePlot().toRect() & image.rect();
    ASSERT_FALSE(plot.isEmpty());
    double grey = 0;
    for (int y = plot.top(); y <= plot.bottom(); ++y)
        for (int x = plot.left(); x <= plot.right(); ++x)
            grey += qGray(image.pixel(x, y));
    EXPECT_LT(grey / (plot.width() * plot.height()), 100.0);
}

TEST(CandleChart, TheTimeAxisIsLabelledEvenInAShortChartAndVolumeTakesItsCandlesColour) {
    CandleChart chart;
    ChartSeries s = minutes(60);
    s.candles[10].close = s.candles[10].open - 500; // a falling candle
    chart.setSeries(s);
    chart.resize(QSizeF(700, 260)); // as short as a chart in a 2 × 2 grid on a small screen
    ASSERT_GE(chart.timeLabels().size(), 4);
    const QRectF band = chart.timeBand();
    for (QGraphicsSimpleTextItem* label : chart.timeLabels()) {
        const QRectF at = label->sceneBoundingRect();
        EXPECT_TRUE(chart.scene()->sceneRect().contains(at)) << label->text().toStdString();
        EXPECT_GE(at.top(), band.top() - 1);
        EXPECT_EQ(label->text().size(), 5) << label->text().toStdString(); // HH:mm for one-minute candles
    }
    // Zoomed in to 10 candles the labels get closer together in time.
    const std::int64_t wide = chart.timeTicks()[1].ms - chart.timeTicks()[0].ms;
    chart.zoom(0.1, chart.visibleRange().second);
    ASSERT_GE(chart.timeTicks().size(), 2u);
    EXPECT_LT(chart.timeTicks()[1].ms - chart.timeTicks()[0].ms, wide);

    auto* volumes = qobject_cast<QCandlestickSeries*>(chart.volumeChart()->series().at(0));
    chart.showAll();
    const QCandlestickSet* falling = volumes->sets().at(10);
    const QCandlestickSet* rising = volumes->sets().at(11);
    EXPECT_GT(falling->open(), falling->close()); // drawn in the decreasing colour
    EXPECT_LT(rising->open(), rising->close());
    EXPECT_EQ(falling->high(), static_cast<qreal>(s.candles[10].volume));
    EXPECT_EQ(volumes->decreasingColor().rgb(), style::down().rgb());
    EXPECT_EQ(volumes->increasingColor().rgb(), style::up().rgb());
}

TEST(CandleChart, StudiesAreDrawnForTheCandlesInView) {
    CandleChart chart;
    chart.setSeries(minutes(300)); // the newest 200 in view
    chart.setStudy(CandleChart::Study::Ema, 10);
    chart.setStudy(CandleChart::Study::Bollinger, 20);
    chart.setStudy(CandleChart::Study::Vwap, 1);
    const auto [from, to] = chart.visibleRange();
    for (auto [study, line] : {std::pair{CandleChart::Study::Ema, 0}, std::pair{CandleChart::Study::Bollinger, 1},
                               std::pair{CandleChart::Study::Bollinger, 2}, std::pair{CandleChart::Study::Vwap, 0}}) {
        const QList<QPointF> points = chart.drawnPoints(study, line);
        ASSERT_GE(points.size(), 200) << static_cast<int>(study);
        EXPECT_LE(points.size(), 202); // one either side of the view at most
        EXPECT_GE(points.front().x(), static_cast<double>(from - kMinute));
    }
    // Upper above lower; closes rise by 0.01 a minute: the EMA lags under the last close.
    EXPECT_GT(chart.drawnPoints(CandleChart::Study::Bollinger, 1).back().y(),
              chart.drawnPoints(CandleChart::Study::Bollinger, 2).back().y());
    EXPECT_LT(chart.drawnPoints(CandleChart::Study::Ema).back().y(), 100.0 + 299 * 0.01);
    chart.setStudy(CandleChart::Study::Ema, 0);
    EXPECT_TRUE(chart.drawnPoints(CandleChart::Study::Ema).isEmpty());
    EXPECT_EQ(chart.study(CandleChart::Study::Bollinger), 20);
}

TEST(ChartView, WorkingOrdersAreLinesWhoseTagCancelsAndTheCrosshairLabelsBothAxes) {
    ChartOnScreen shown;
    CandleChart& chart = shown.chart;
    ChartView& view = shown.view;
    chart.setOrders({{QStringLiteral("o-1"), 1'002'000, 40, true}, {QStringLiteral("o-2"), 9'000'000, 5, false}});
    ASSERT_EQ(chart.orderLines().lines().size(), 2u);
    EXPECT_EQ(chart.orderLines().lines()[0].label, QStringLiteral("BUY 40 @ 100.20  \u2715"));
    EXPECT_EQ(chart.orderLines().visibleCount(), 1); // 900.00 is far above the candles

    QSignalSpy cancel(&view, &ChartView::cancelRequested);
    const QRectF plot = chart.pricePlot();
    const double y = chart.priceChart()->mapToPosition(QPointF(0, 100.20), chart.priceChart()->series().at(0)).y() +
                     chart.priceChart()->pos().y();
    const QPoint tag = view.mapFromScene(QPointF(plot.left() + 20, y));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, tag);
    ASSERT_EQ(cancel.count(), 1);
    EXPECT_EQ(cancel.first().first().toString(), QStringLiteral("o-1"));
    QMenu menu;
    view.fillMenu(menu, QPointF(plot.center().x(), y));
    ASSERT_FALSE(menu.actions().isEmpty());
    EXPECT_EQ(menu.actions().front()->text(), QStringLiteral("Cancel order o-1"));

    const QPoint centre = view.mapFromScene(plot.center());
    QMouseEvent hover(QEvent::MouseMove, QPointF(centre), view.viewport()->mapToGlobal(QPointF(centre)), Qt::NoButton,
                      Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(view.viewport(), &hover);
    const auto price = chart.priceAt(view.mapToScene(centre));
    ASSERT_TRUE(price);
    EXPECT_EQ(view.crosshairPrice(), style::price(*price));
    EXPECT_TRUE(view.crosshairTime().contains(QLatin1Char(':'))) << view.crosshairTime().toStdString();
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(&view, &leave);
    EXPECT_TRUE(view.crosshairPrice().isEmpty());
}
