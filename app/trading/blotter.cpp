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
    : QWidget(parent)
    , m_api(api)
    , m_open(new QSortFilterProxyModel(this))
    , m_message(new QLabel) {
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
    connect(m_openView, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        cancel(index.data(OrdersModel::IdRole).toString());
    });
}

QAbstractItemModel* Blotter::openOrders() const { return m_open; }

void Blotter::refresh() {
    if (m_refreshing)
        return; // one request at a time: a slow API is not flooded
    m_refreshing = true;
    m_api.get(QStringLiteral("/api/v1/orders?limit=500"), [this](const PlatformClient::Reply& reply) {
        if (reply.ok())
            if (auto orders = parseOrders(reply.json))
                m_model.replace(orders.value());
        m_api.get(QStringLiteral("/api/v1/fills?limit=500"), [this](const PlatformClient::Reply& fills) {
            m_refreshing = false;
            if (fills.ok())
                if (auto rows = parseFills(fills.json))
                    m_fillsModel.replace(rows.value());
        });
    });
}

void Blotter::cancel(const QString& orderId) {
    if (orderId.isEmpty())
        return;
    m_api.del(QStringLiteral("/api/v1/orders/%1").arg(orderId), [this, orderId](const PlatformClient::Reply& reply) {
        m_message->setText(reply.ok() ? tr("Cancel of %1 sent").arg(orderId) : reply.error);
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
