#pragma once

#include "api/platform_resources.h"
#include "ui/row_table_model.h"

#include <vector>

namespace kse {

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
