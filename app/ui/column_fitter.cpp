#include "ui/column_fitter.h"

#include <QHeaderView>
#include <QTableView>
#include <algorithm>

namespace kse {

ColumnFitter::ColumnFitter(QTableView* view, int valuesIntervalMs, int firstValuesMs)
    : QObject(view), m_view(view), m_valuesIntervalMs(valuesIntervalMs), m_firstValuesMs(firstValuesMs) {
    QHeaderView* header = view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ColumnFitter::fit);
    connect(header, &QHeaderView::sectionResized, this, [this](int column) {
        if (!m_fitting)
            m_userSized.insert(column);
    });
    QAbstractItemModel* model = view->model();
    const auto structural = [this] {
        m_exact = true;
        fitSoon(0);
    };
    connect(model, &QAbstractItemModel::rowsInserted, this, structural);
    connect(model, &QAbstractItemModel::rowsRemoved, this, structural);
    connect(model, &QAbstractItemModel::modelReset, this, structural);
    // A sorted view reorders its rows as values change: that is no new content.
    const auto values = [this](int intervalMs) {
        fitSoon(static_cast<int>(std::max<qint64>(0, intervalMs - m_sinceFit.elapsed())));
    };
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this, values](const QModelIndex& topLeft, const QModelIndex& bottomRight) {
                for (int c = topLeft.column(); c <= bottomRight.column(); ++c)
                    if (m_titleWide.contains(c))
                        return values(std::min(m_firstValuesMs, m_valuesIntervalMs));
                values(m_valuesIntervalMs);
            });
    connect(model, &QAbstractItemModel::layoutChanged, this, [values, this] { values(m_valuesIntervalMs); });
    m_sinceFit.start();
    fitSoon(0);
}

void ColumnFitter::fitSoon(int delayMs) {
    // Many changes in one turn of the event loop make one fit; a sooner fit replaces a later one.
    if (m_timer.isActive() && m_timer.remainingTime() <= delayMs)
        return;
    m_timer.start(delayMs);
}

void ColumnFitter::fit() {
    QHeaderView* header = m_view->horizontalHeader();
    const auto* view = static_cast<const QAbstractItemView*>(m_view); // its size hints are public there
    const int columns = header->count() - (header->stretchLastSection() ? 1 : 0);
    m_fitting = true;
    m_titleWide.clear();
    for (int c = 0; c < columns; ++c) {
        if (m_userSized.contains(c) || header->isSectionHidden(c))
            continue;
        const int contents = view->sizeHintForColumn(c);
        if (contents <= header->sectionSizeHint(c))
            m_titleWide.insert(c);
        const int wanted = std::max(contents, header->sectionSizeHint(c));
        if (wanted > header->sectionSize(c) || (m_exact && wanted != header->sectionSize(c)))
            header->resizeSection(c, wanted);
    }
    m_fitting = false;
    m_exact = false;
    m_sinceFit.restart();
}

} // namespace kse
