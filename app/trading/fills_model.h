#pragma once

#include <QByteArray>
#include <cstdint>
#include <vector>

#include "domain/result.h"
#include "ui/row_table_model.h"

class QJsonDocument;

namespace kse {

// One execution of one of the user's orders, as GET /api/v1/fills gives it; price in ticks.
struct FillRow {
    QString tradeId, orderId, symbol, side;
    std::int64_t price = 0, qty = 0, ts = 0;
    bool operator==(const FillRow&) const = default;
};

Result<std::vector<FillRow>> parseFills(const QJsonDocument& document); // as PlatformClient already parsed it
Result<std::vector<FillRow>> parseFills(const QByteArray& json);

// The blotter's executions, newest first. Executions never change, so a refresh only inserts the
// new ones at the top; the oldest beyond the newest 500 leave at the bottom.
class FillsModel : public RowTableModel<FillRow> {
    Q_OBJECT
public:
    enum Column { Time, Symbol, Side, Qty, Price, Value, Order, ColumnCount };
    static constexpr std::size_t kMaxRows = 500;

    explicit FillsModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    // `fills` newest first, as the API lists them.
    void replace(const std::vector<FillRow>& fills);
};

} // namespace kse
