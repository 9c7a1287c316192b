#pragma once

#include <QWidget>

#include "api/platform_client.h"
#include "trading/fills_model.h"
#include "trading/orders_model.h"

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace kse {

// The user's orders: open ones (cancel with the button, a double-click or "Cancel all"), each
// execution of them (fills), and the whole history, kept current by refresh().
class Blotter : public QWidget {
    Q_OBJECT
public:
    explicit Blotter(PlatformClient& api, QWidget* parent = nullptr);

    OrdersModel& model() { return m_model; }
    QAbstractItemModel* openOrders() const;
    FillsModel& fills() { return m_fillsModel; }
    void refresh();
    // An order or a fill pushed by the stream, merged as a refresh would.
    void applyOrder(const OrderRow& order);
    void applyFill(const FillRow& fill);
    void cancel(const QString& orderId);
    void cancelAll();

private:
    void cancelSelected();

    PlatformClient& m_api;
    OrdersModel m_model;
    FillsModel m_fillsModel;
    QSortFilterProxyModel* m_open;
    QTableView* m_openView;
    QTableView* m_historyView;
    QLabel* m_message;
    bool m_refreshing = false;
};

} // namespace kse
