#include "ui/chart_view.h"

#include <QChart>
#include <QDateTime>
#include <QGraphicsLineItem>
#include <QMouseEvent>
#include <QPen>
#include <QWheelEvent>

#include "domain/price.h"
#include "style/terminal_style.h"

namespace kse {
ChartView::ChartView(CandleChart& chart, QWidget* parent)
    : QGraphicsView(chart.scene(), parent)
    , m_chart(chart)
    , m_vertical(new QGraphicsLineItem)
    , m_horizontal(new QGraphicsLineItem) {
    setMouseTracking(true);
    setRenderHint(QPainter::Antialiasing);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFrameShape(QFrame::NoFrame);
    QPen pen(QColor(0x78, 0x90, 0x9c));
    pen.setStyle(Qt::DotLine);
    for (QGraphicsLineItem* line : {m_vertical, m_horizontal}) {
        line->setPen(pen);
        line->setZValue(100);
        line->hide();
        chart.scene()->addItem(line);
    }
}

void ChartView::wheelEvent(QWheelEvent* event) {
    const auto anchor = m_chart.timeAt(mapToScene(event->position().toPoint()));
    const auto [from, to] = m_chart.visibleRange();
    m_chart.zoom(event->angleDelta().y() > 0 ? 0.8 : 1.25, anchor.value_or((from + to) / 2));
    Q_EMIT viewChanged();
    event->accept();
}

void ChartView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton)
        m_dragFrom = event->position();
    QGraphicsView::mousePressEvent(event);
}

void ChartView::mouseMoveEvent(QMouseEvent* event) {
    if (m_dragFrom && (event->buttons() & Qt::LeftButton)) {
        const auto [from, to] = m_chart.visibleRange();
        const double width = m_chart.priceChart()->plotArea().width();
        if (width > 0) {
            const double dx = event->position().x() - m_dragFrom->x();
            m_chart.pan(static_cast<std::int64_t>(-dx * static_cast<double>(to - from) / width));
            m_dragFrom = event->position();
            Q_EMIT viewChanged();
        }
    }
    crosshair(mapToScene(event->position().toPoint()));
    QGraphicsView::mouseMoveEvent(event);
}

void ChartView::mouseReleaseEvent(QMouseEvent* event) {
    m_dragFrom.reset();
    QGraphicsView::mouseReleaseEvent(event);
}

void ChartView::leaveEvent(QEvent* event) {
    m_vertical->hide();
    m_horizontal->hide();
    Q_EMIT readout({});
    QGraphicsView::leaveEvent(event);
}

void ChartView::crosshair(const QPointF& scenePosition) {
    const auto time = m_chart.timeAt(scenePosition);
    if (!time) {
        m_vertical->hide();
        m_horizontal->hide();
        Q_EMIT readout({});
        return;
    }
    const QRectF scene = m_chart.scene()->sceneRect();
    m_vertical->setLine(scenePosition.x(), scene.top(), scenePosition.x(), scene.bottom());
    const QRectF plot = m_chart.priceChart()->mapRectToScene(m_chart.priceChart()->plotArea());
    m_horizontal->setLine(plot.left(), scenePosition.y(), plot.right(), scenePosition.y());
    m_vertical->show();
    m_horizontal->show();
    const ChartCandle* c = m_chart.candleAt(*time);
    Q_EMIT readout(
        c ? QStringLiteral("%1  O %2  H %3  L %4  C %5  V %6")
                .arg(QDateTime::fromMSecsSinceEpoch(c->start).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                     style::price(c->open), style::price(c->high), style::price(c->low), style::price(c->close))
                .arg(c->volume)
          : QString());
}

} // namespace kse
