#pragma once

#include <QWidget>

#include "api/platform_client.h"
#include "trading/orders_model.h"

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace kse {

// The user's orders: open ones (cancel with the button, a double-click or "Cancel all"), those
// that filled (quantity and average price), and the whole history, from one model kept current
// by refresh().
class Blotter : public QWidget {
    Q_OBJECT
public:
    explicit Blotter(PlatformClient& api, QWidget* parent = nullptr);

    OrdersModel& model() { return m_model; }
    QAbstractItemModel* openOrders() const;
    QAbstractItemModel* fills() const;
    void refresh();
    void cancel(const QString& orderId);
    void cancelAll();

private:
    void cancelSelected();

    PlatformClient& m_api;
    OrdersModel m_model;
    QSortFilterProxyModel* m_open;
    QSortFilterProxyModel* m_fills;
    QTableView* m_openView;
    QTableView* m_historyView;
    QLabel* m_message;
    bool m_refreshing = false;
};

} // namespace kse
