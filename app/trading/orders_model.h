#pragma once

#include "api/platform_resources.h"
#include "ui/row_table_model.h"

#include <vector>

namespace kse {

// The blotter's orders, newest first, kept current by replacing them with the API's list: rows
// change in place, new ones are inserted, so views keep their selection; the oldest beyond the
// newest 500 leave at the bottom.
class OrdersModel : public RowTableModel<OrderRow> {
    Q_OBJECT
public:
    enum Column { Time, Symbol, Side, Type, Tif, Qty, Price, Filled, AvgPrice, Status, Reason, ColumnCount };
    static constexpr int OpenRole = Qt::UserRole + 1; // true while the order can be cancelled
    static constexpr int IdRole = Qt::UserRole + 2;
    static constexpr int FilledRole = Qt::UserRole + 3; // true once any of the order filled
    static constexpr std::size_t kMaxRows = 500;        // the newest, as the blotter asks the API for

    explicit OrdersModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    void replace(const std::vector<OrderRow>& orders);
    const OrderRow* order(const QString& id) const;
    std::vector<QString> openIds() const;
};

} // namespace kse
