#pragma once

#include "api/platform_resources.h"
#include "ui/row_table_model.h"

namespace kse {

// The positions of the portfolio, one row per symbol held.
class PortfolioModel : public RowTableModel<Portfolio::Position> {
    Q_OBJECT
public:
    enum Column { Symbol, Qty, Reserved, AvgCost, Last, MarketValue, Unrealized, ColumnCount };

    explicit PortfolioModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    void replace(const Portfolio& portfolio);
    const Portfolio& portfolio() const { return m_portfolio; }

Q_SIGNALS:
    void totalsChanged();

private:
    Portfolio m_portfolio;
};

} // namespace kse
