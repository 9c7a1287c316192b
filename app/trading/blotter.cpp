#include "trading/blotter.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/column_fitter.h"

namespace kse {
namespace {

QTableView* tableView(QAbstractItemModel* model) {
    auto* view = new QTableView;
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    new ColumnFitter(view);
    return view;
}

} // namespace

Blotter::Blotter(PlatformClient& api, QWidget* parent)
    : QWidget(parent), m_api(api), m_open(new QSortFilterProxyModel(this)), m_message(new QLabel) {
    m_open->setSourceModel(&m_model);
    m_open->setFilterRole(OrdersModel::OpenRole);
    m_open->setFilterFixedString(QStringLiteral("true"));
    m_openView = tableView(m_open);
    m_historyView = tableView(&m_model);
    auto* cancelButton = new QPushButton(tr("Cancel"));
    auto* cancelAllButton = new QPushButton(tr("Cancel all"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(cancelButton);
    buttons->addWidget(cancelAllButton);
    buttons->addWidget(m_message, 1);
    auto* openPage = new QWidget;
    auto* openLayout = new QVBoxLayout(openPage);
    openLayout->setContentsMargins(0, 0, 0, 0);
    openLayout->addWidget(m_openView);
    openLayout->addLayout(buttons);
    auto* tabs = new QTabWidget;
    tabs->addTab(openPage, tr("Open orders"));
    tabs->addTab(tableView(&m_fillsModel), tr("Fills"));
    tabs->addTab(m_historyView, tr("History"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tabs);
    connect(cancelButton, &QPushButton::clicked, this, &Blotter::cancelSelected);
    connect(cancelAllButton, &QPushButton::clicked, this, &Blotter::cancelAll);
    connect(m_openView, &QTableView::doubleClicked, this,
            [this](const QModelIndex& index) { cancel(index.data(OrdersModel::IdRole).toString()); });
}

QAbstractItemModel* Blotter::openOrders() const { return m_open; }

void Blotter::refresh() {
    if (m_refreshing)
        return; // one request at a time: a slow API is not flooded
    m_refreshing = true;
    m_api.orders(static_cast<int>(OrdersModel::kMaxRows), [this](const Result<std::vector<OrderRow>>& orders) {
        if (orders)
            m_model.replace(orders.value());
        m_api.fills(static_cast<int>(FillsModel::kMaxRows), [this](const Result<std::vector<FillRow>>& fills) {
            m_refreshing = false;
            if (fills)
                m_fillsModel.replace(fills.value());
        });
    });
}

void Blotter::applyOrder(const OrderRow& order) { m_model.replace({order}); }

void Blotter::applyFill(const FillRow& fill) { m_fillsModel.replace({fill}); }

void Blotter::cancel(const QString& orderId) {
    if (orderId.isEmpty())
        return;
    m_api.cancelOrder(orderId, [this, orderId](const Result<QString>& cancel) {
        m_message->setText(cancel ? tr("Cancel of %1 sent").arg(orderId) : QString::fromStdString(cancel.error()));
        refresh();
    });
}

void Blotter::cancelSelected() {
    for (const QModelIndex& row : m_openView->selectionModel()->selectedRows())
        cancel(row.data(OrdersModel::IdRole).toString());
}

void Blotter::cancelAll() {
    for (const QString& id : m_model.openIds())
        cancel(id);
}

} // namespace kse
