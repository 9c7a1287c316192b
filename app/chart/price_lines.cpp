#include "chart/price_lines.h"

#include <QAbstractSeries>
#include <QBrush>
#include <QChart>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QPen>

#include "domain/price.h"

namespace kse {
namespace {
constexpr double kLineZ = 6, kTagZ = 11; // over the candles; over the axis labels and the last-price tag
}

PriceLines::PriceLines(QChart* chart, QAbstractSeries* mapping, Tag tag)
    : m_chart(chart), m_mapping(mapping), m_tag(tag) {}

PriceLines::~PriceLines() = default; // the items are the chart's children: it deletes them

void PriceLines::set(std::vector<Line> lines) {
    if (lines == m_lines)
        return;
    m_lines = std::move(lines);
    while (m_items.size() < m_lines.size()) {
        auto* line = new QGraphicsLineItem(m_chart);
        auto* tag = new QGraphicsRectItem(m_chart);
        auto* text = new QGraphicsSimpleTextItem(tag);
        line->setZValue(kLineZ);
        tag->setZValue(kTagZ);
        tag->setPen(Qt::NoPen);
        text->setPos(4, 1);
        m_items.push_back({line, tag, text});
    }
    for (std::size_t i = 0; i < m_items.size(); ++i) {
        const Items& items = m_items[i];
        if (i >= m_lines.size()) {
            items.line->hide();
            items.tag->hide();
            continue;
        }
        const Line& l = m_lines[i];
        QPen pen(l.colour, 1);
        pen.setStyle(l.dashed ? Qt::DashLine : Qt::SolidLine);
        items.line->setPen(pen);
        items.tag->setBrush(l.colour);
        items.text->setBrush(Qt::white);
        items.text->setText(l.label);
        const QRectF text = items.text->boundingRect();
        items.tag->setRect(0, 0, text.width() + 8, text.height() + 2);
    }
    place();
}

void PriceLines::place() {
    const QRectF plot = m_chart->plotArea();
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        const Items& items = m_items[i];
        const double y =
            m_chart->mapToPosition(QPointF(0, static_cast<double>(m_lines[i].price) / Price::kScale), m_mapping).y();
        const bool inView = !plot.isEmpty() && y >= plot.top() && y <= plot.bottom();
        items.line->setVisible(inView);
        items.tag->setVisible(inView);
        if (!inView)
            continue;
        items.line->setLine(plot.left(), y, plot.right(), y);
        const QRectF tag = items.tag->rect();
        items.tag->setPos(m_tag == Tag::Left ? plot.left() + 2 : plot.right() + 1, y - tag.height() / 2);
    }
}

std::optional<QString> PriceLines::tagAt(const QPointF& scenePosition) const {
    for (std::size_t i = 0; i < m_lines.size(); ++i)
        if (m_items[i].tag->isVisible() && m_items[i].tag->sceneBoundingRect().contains(scenePosition))
            return m_lines[i].key;
    return std::nullopt;
}

std::optional<QString> PriceLines::lineAt(const QPointF& scenePosition, double tolerance) const {
    if (auto tag = tagAt(scenePosition))
        return tag;
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        const QGraphicsLineItem* line = m_items[i].line;
        if (!line->isVisible())
            continue;
        const QRectF band = line->sceneBoundingRect().adjusted(0, -tolerance, 0, tolerance);
        if (band.contains(scenePosition))
            return m_lines[i].key;
    }
    return std::nullopt;
}

int PriceLines::visibleCount() const {
    int n = 0;
    for (std::size_t i = 0; i < m_lines.size(); ++i)
        n += m_items[i].line->isVisible() ? 1 : 0;
    return n;
}

} // namespace kse
