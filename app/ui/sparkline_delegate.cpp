#include "ui/sparkline_delegate.h"

#include <QPainter>
#include <QPolygonF>
#include <algorithm>

#include "style/terminal_style.h"

namespace kse {

SparklineDelegate::SparklineDelegate(int role, QObject* parent) : QStyledItemDelegate(parent), m_role(role) {}

void SparklineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    QStyledItemDelegate::paint(painter, background, index); // selection and alternate rows
    const QList<qreal> points = index.data(m_role).value<QList<qreal>>();
    if (points.size() < 2)
        return;
    const auto [low, high] = std::minmax_element(points.begin(), points.end());
    const QRectF area = QRectF(option.rect).adjusted(3, 4, -3, -4);
    const double span = *high - *low;
    QPolygonF line;
    for (qsizetype i = 0; i < points.size(); ++i) {
        const double x = area.left() + area.width() * static_cast<double>(i) / static_cast<double>(points.size() - 1);
        const double y = span > 0 ? area.bottom() - area.height() * (points[i] - *low) / span : area.center().y();
        line << QPointF(x, y);
    }
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(points.back() >= points.front() ? style::up() : style::down(), 1.2));
    painter->drawPolyline(line);
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    return QStyledItemDelegate::sizeHint(option, index).expandedTo(QSize(80, 0));
}

} // namespace kse
