#pragma once

#include <QGraphicsView>

#include "chart/candle_chart.h"

class QGraphicsLineItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QMenu;

namespace kse {

// The view of a CandleChart: the wheel zooms around the pointer, a drag pans, and a crosshair
// follows the pointer with its price on the price axis, its time on the time axis and the
// candle under it read out. A click on a working order's tag asks to cancel it; the right
// button offers a limit order at the price under the pointer, a line drawn there, and the
// removal of a line or an order under it.
class ChartView : public QGraphicsView {
    Q_OBJECT
public:
    explicit ChartView(CandleChart& chart, QWidget* parent = nullptr);

    // Lays the chart out for the view's size (on every resize, and after new history changed
    // the axes' labels).
    void fitChart();
    // What the right button offers at a scene position (the context menu shows these).
    void fillMenu(QMenu& menu, const QPointF& scenePosition);
    // The crosshair's labels, while it is shown.
    QString crosshairPrice() const;
    QString crosshairTime() const;

Q_SIGNALS:
    void readout(const QString& text); // empty when the pointer is off the candles
    void viewChanged();                // zoomed or panned
    void pressed();                    // any button, anywhere: the chart is the one in use
    void orderRequested(std::int64_t price, bool buy);
    void cancelRequested(const QString& orderId);
    void levelAdded(std::int64_t price);
    void levelRemoved(std::int64_t price);
    void alertRequested(std::int64_t price);
    void alertRemoved(const QString& alertKey);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct AxisTag {
        QGraphicsRectItem* box;
        QGraphicsSimpleTextItem* text;
    };
    void crosshair(const QPointF& scenePosition);
    void hideCrosshair();
    static AxisTag newTag(QGraphicsScene* scene);
    static void placeTag(const AxisTag& tag, const QString& text, const QPointF& at, bool centred);

    CandleChart& m_chart;
    QGraphicsLineItem* m_vertical;
    QGraphicsLineItem* m_horizontal;
    AxisTag m_priceTag;
    AxisTag m_timeTag;
    std::optional<QPointF> m_dragFrom;
};

} // namespace kse
