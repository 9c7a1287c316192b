#pragma once

#include <QStyledItemDelegate>

namespace kse {

// Draws a cell's points (a model's QList<qreal> under `role`) as a line across the cell, green
// when the last is at or above the first and red below it; an empty cell for fewer than two.
class SparklineDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    SparklineDelegate(int role, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    int m_role;
};

} // namespace kse
