#pragma once

#include <QByteArray>
#include <QHash>
#include <cstdint>
#include <vector>

#include "domain/result.h"
#include "ui/row_table_model.h"

class QJsonDocument;

namespace kse {

// One of the user's orders as GET /api/v1/orders gives it; prices in ticks.
struct OrderRow {
    QString id, symbol, side, type, tif, status, reason;
    std::int64_t qty = 0, price = 0, filled = 0, avgPrice = 0;
    std::int64_t created = 0;
    bool open() const;
    bool operator==(const OrderRow&) const = default;
};

Result<std::vector<OrderRow>> parseOrders(const QJsonDocument& document); // as PlatformClient already parsed it
Result<std::vector<OrderRow>> parseOrders(const QByteArray& json);

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
    static constexpr std::size_t kMaxRows = 500; // the newest, as the blotter asks the API for

    explicit OrdersModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    void replace(const std::vector<OrderRow>& orders);
    const OrderRow* order(const QString& id) const;
    std::vector<QString> openIds() const;

};

} // namespace kse
