#include "ui/alerts_panel.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "style/number_format.h"
#include "style/theme.h"
#include "ui/alert_dialog.h"

namespace kse {
namespace {
constexpr int kIdRole = Qt::UserRole + 1;
}

AlertsPanel::AlertsPanel(QWidget* parent) : QWidget(parent), m_table(new QTableWidget(0, 2)), m_count(new QLabel) {
    m_table->setHorizontalHeaderLabels({tr("Alert"), tr("Status")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* add = new QPushButton(tr("New…"));
    add->setIcon(theme::image(QStringLiteral("bell"), 16, this));
    auto* edit = new QPushButton(tr("Edit…"));
    auto* rearm = new QPushButton(tr("Re-arm"));
    auto* remove = new QPushButton(tr("Remove"));
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {add, edit, rearm, remove})
        buttons->addWidget(b);
    buttons->addWidget(m_count, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    connect(add, &QPushButton::clicked, this, &AlertsPanel::newRequested);
    const auto withSelected = [this](void (AlertsPanel::*signal)(const QString&)) {
        return [this, signal] {
            if (const QString id = selectedId(); !id.isEmpty())
                Q_EMIT(this->*signal)(id);
        };
    };
    connect(edit, &QPushButton::clicked, this, withSelected(&AlertsPanel::editRequested));
    connect(rearm, &QPushButton::clicked, this, withSelected(&AlertsPanel::rearmRequested));
    connect(remove, &QPushButton::clicked, this, withSelected(&AlertsPanel::removeRequested));
    connect(m_table, &QTableWidget::cellDoubleClicked, this, withSelected(&AlertsPanel::editRequested));
}

QString AlertsPanel::selectedId() const {
    const auto rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.front().data(kIdRole).toString();
}

void AlertsPanel::show(const AlertBook& book) {
    const QString selected = selectedId();
    m_table->setRowCount(static_cast<int>(book.alerts().size()));
    int row = 0;
    for (const PriceAlert& a : book.alerts()) {
        auto* what = new QTableWidgetItem(AlertDialog::describe(a));
        what->setData(kIdRole, a.id);
        const QString status =
            a.armed()
                ? tr("armed")
                : tr("fired %1 at %2")
                      .arg(QDateTime::fromMSecsSinceEpoch(a.firedAt).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                           style::price(a.firedPrice));
        auto* state = new QTableWidgetItem(status);
        if (!a.armed())
            state->setForeground(QColor(0xff, 0x8f, 0x00));
        m_table->setItem(row, 0, what);
        m_table->setItem(row, 1, state);
        if (a.id == selected)
            m_table->selectRow(row);
        ++row;
    }
    const auto armed =
        std::count_if(book.alerts().begin(), book.alerts().end(), [](const PriceAlert& a) { return a.armed(); });
    m_count->setText(tr("%1 armed of %2").arg(armed).arg(book.alerts().size()));
}

} // namespace kse
