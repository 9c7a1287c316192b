#include "ui/column_chooser.h"

#include <QHeaderView>
#include <QMenu>
#include <QSettings>
#include <QVariantList>

namespace kse {

ColumnChooser::ColumnChooser(QHeaderView* header, QString key, QList<int> hiddenByDefault)
    : QObject(header), m_header(header), m_key(std::move(key)) {
    const QSettings settings;
    QList<int> hidden = std::move(hiddenByDefault);
    if (settings.contains(m_key)) {
        hidden.clear();
        for (const QVariant& column : settings.value(m_key).toList())
            hidden << column.toInt();
    }
    for (int column : hidden)
        if (column > 0 && column < m_header->count())
            m_header->setSectionHidden(column, true);
    m_header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_header, &QHeaderView::customContextMenuRequested, this, &ColumnChooser::menu);
}

void ColumnChooser::setHidden(int column, bool hidden) {
    if (column <= 0 || column >= m_header->count())
        return;
    m_header->setSectionHidden(column, hidden);
    QVariantList stored;
    for (int c = 1; c < m_header->count(); ++c)
        if (m_header->isSectionHidden(c))
            stored << c;
    QSettings().setValue(m_key, stored);
}

void ColumnChooser::menu(const QPoint& at) {
    QMenu menu;
    const QAbstractItemModel* model = m_header->model();
    for (int column = 1; column < m_header->count(); ++column) {
        QAction* action = menu.addAction(model->headerData(column, m_header->orientation()).toString());
        action->setCheckable(true);
        action->setChecked(!m_header->isSectionHidden(column));
        connect(action, &QAction::toggled, this, [this, column](bool shown) { setHidden(column, !shown); });
    }
    menu.exec(m_header->mapToGlobal(at));
}

} // namespace kse
