#pragma once

#include <QGraphicsView>

#include "chart/candle_chart.h"

class QGraphicsLineItem;

namespace kse {

// The view of a CandleChart: the wheel zooms around the pointer, a drag pans, and a crosshair
// follows the pointer with the candle under it read out.
class ChartView : public QGraphicsView {
    Q_OBJECT
public:
    explicit ChartView(CandleChart& chart, QWidget* parent = nullptr);

Q_SIGNALS:
    void readout(const QString& text); // empty when the pointer is off the candles
    void viewChanged();                // zoomed or panned

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void crosshair(const QPointF& scenePosition);

    CandleChart& m_chart;
    QGraphicsLineItem* m_vertical;
    QGraphicsLineItem* m_horizontal;
    std::optional<QPointF> m_dragFrom;
};

} // namespace kse
