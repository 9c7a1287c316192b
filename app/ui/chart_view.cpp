#include "ui/chart_view.h"

#include <QChart>
#include <QContextMenuEvent>
#include <QDateTime>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QMenu>
#include <QMouseEvent>
#include <QPen>
#include <QWheelEvent>

#include "domain/price.h"
#include "style/terminal_style.h"

namespace kse {
namespace {

constexpr double kTagZ = 101; // over the crosshair's lines, which are over the chart

QString crosshairTimeFormat(const QString& interval) {
    return interval == QLatin1String("1s") ? QStringLiteral("ddd d MMM HH:mm:ss") : QStringLiteral("ddd d MMM HH:mm");
}

} // namespace

ChartView::ChartView(CandleChart& chart, QWidget* parent)
    : QGraphicsView(chart.scene(), parent)
    , m_chart(chart)
    , m_vertical(new QGraphicsLineItem)
    , m_horizontal(new QGraphicsLineItem)
    , m_priceTag(newTag(chart.scene()))
    , m_timeTag(newTag(chart.scene())) {
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

ChartView::AxisTag ChartView::newTag(QGraphicsScene* scene) {
    auto* box = new QGraphicsRectItem;
    auto* text = new QGraphicsSimpleTextItem(box);
    box->setBrush(QColor(0x45, 0x5a, 0x64));
    box->setPen(Qt::NoPen);
    box->setZValue(kTagZ);
    text->setBrush(Qt::white);
    text->setPos(4, 1);
    box->hide();
    scene->addItem(box);
    return {box, text};
}

void ChartView::placeTag(const AxisTag& tag, const QString& text, const QPointF& at, bool centred) {
    tag.text->setText(text);
    const QRectF bounds = tag.text->boundingRect();
    tag.box->setRect(0, 0, bounds.width() + 8, bounds.height() + 2);
    tag.box->setPos(centred ? QPointF(at.x() - (bounds.width() + 8) / 2, at.y())
                            : QPointF(at.x(), at.y() - (bounds.height() + 2) / 2));
    tag.box->show();
}

QString ChartView::crosshairPrice() const { return m_priceTag.box->isVisible() ? m_priceTag.text->text() : QString(); }
QString ChartView::crosshairTime() const { return m_timeTag.box->isVisible() ? m_timeTag.text->text() : QString(); }

void ChartView::resizeEvent(QResizeEvent* event) {
    // The chart is laid out for the view's size, whatever resized it (a window, a dock, a grid).
    QGraphicsView::resizeEvent(event);
    fitChart();
}

void ChartView::fitChart() {
    m_chart.resize(QSizeF(viewport()->size()));
    setSceneRect(m_chart.scene()->sceneRect());
}

void ChartView::wheelEvent(QWheelEvent* event) {
    const auto anchor = m_chart.timeAt(mapToScene(event->position().toPoint()));
    const auto [from, to] = m_chart.visibleRange();
    m_chart.zoom(event->angleDelta().y() > 0 ? 0.8 : 1.25, anchor.value_or((from + to) / 2));
    Q_EMIT viewChanged();
    event->accept();
}

void ChartView::mousePressEvent(QMouseEvent* event) {
    Q_EMIT pressed();
    const QPointF at = mapToScene(event->position().toPoint());
    if (event->button() == Qt::LeftButton) {
        if (auto order = m_chart.orderLines().tagAt(at)) { // the tag's ✕
            Q_EMIT cancelRequested(*order);
            event->accept();
            return;
        }
        m_dragFrom = event->position();
    }
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
    hideCrosshair();
    QGraphicsView::leaveEvent(event);
}

void ChartView::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    fillMenu(menu, mapToScene(event->pos()));
    if (!menu.isEmpty())
        menu.exec(event->globalPos());
    event->accept();
}

void ChartView::fillMenu(QMenu& menu, const QPointF& scenePosition) {
    const auto price = m_chart.priceAt(scenePosition);
    if (auto order = m_chart.orderLines().lineAt(scenePosition)) {
        const QString id = *order;
        menu.addAction(tr("Cancel order %1").arg(id), this, [this, id] { Q_EMIT cancelRequested(id); });
    }
    if (auto level = m_chart.levelLines().lineAt(scenePosition)) {
        const std::int64_t ticks = level->toLongLong();
        menu.addAction(tr("Remove the line at %1").arg(style::price(ticks)), this,
                       [this, ticks] { Q_EMIT levelRemoved(ticks); });
    }
    if (auto alert = m_chart.alertLines().lineAt(scenePosition)) {
        const QString key = *alert;
        menu.addAction(tr("Remove this alert"), this, [this, key] { Q_EMIT alertRemoved(key); });
    }
    if (!price)
        return;
    const std::int64_t ticks = *price;
    if (!menu.isEmpty())
        menu.addSeparator();
    const QString at = style::price(ticks);
    menu.addAction(tr("Buy limit at %1…").arg(at), this, [this, ticks] { Q_EMIT orderRequested(ticks, true); });
    menu.addAction(tr("Sell limit at %1…").arg(at), this, [this, ticks] { Q_EMIT orderRequested(ticks, false); });
    menu.addSeparator();
    menu.addAction(tr("Draw a line at %1").arg(at), this, [this, ticks] { Q_EMIT levelAdded(ticks); });
    menu.addAction(tr("Alert at %1…").arg(at), this, [this, ticks] { Q_EMIT alertRequested(ticks); });
}

void ChartView::hideCrosshair() {
    m_vertical->hide();
    m_horizontal->hide();
    m_priceTag.box->hide();
    m_timeTag.box->hide();
    Q_EMIT readout({});
}

void ChartView::crosshair(const QPointF& scenePosition) {
    const auto time = m_chart.timeAt(scenePosition);
    const auto price = m_chart.priceAt(scenePosition);
    if (!time || !price) {
        hideCrosshair();
        return;
    }
    const QRectF scene = m_chart.scene()->sceneRect();
    m_vertical->setLine(scenePosition.x(), scene.top(), scenePosition.x(), m_chart.timeBand().top());
    const QRectF plot = m_chart.pricePlot();
    m_horizontal->setLine(plot.left(), scenePosition.y(), plot.right(), scenePosition.y());
    m_vertical->show();
    m_horizontal->show();
    placeTag(m_priceTag, style::price(*price), QPointF(plot.right() + 1, scenePosition.y()), false);
    const QRectF band = m_chart.timeBand();
    placeTag(m_timeTag, QDateTime::fromMSecsSinceEpoch(*time).toString(crosshairTimeFormat(m_chart.series().interval)),
             QPointF(std::clamp(scenePosition.x(), band.left(), band.right()), band.top()), true);
    const ChartCandle* c = m_chart.candleAt(*time);
    Q_EMIT readout(
        c ? QStringLiteral("%1  O %2  H %3  L %4  C %5  V %6")
                .arg(QDateTime::fromMSecsSinceEpoch(c->start).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                     style::price(c->open), style::price(c->high), style::price(c->low), style::price(c->close))
                .arg(style::quantity(c->volume))
          : QString());
}

} // namespace kse
