#pragma once

#include <QByteArray>
#include <cstdint>
#include <vector>

#include "domain/result.h"
#include "ui/row_table_model.h"

class QJsonDocument;

namespace kse {

// GET /api/v1/portfolio; money in ticks.
struct Portfolio {
    struct Position {
        QString symbol;
        std::int64_t qty = 0, reserved = 0, avgCost = 0, last = 0, marketValue = 0, unrealized = 0;
        bool operator==(const Position&) const = default;
    };
    std::int64_t cash = 0, reserved = 0, available = 0, realized = 0, unrealized = 0;
    std::vector<Position> positions;
};

Result<Portfolio> parsePortfolio(const QJsonDocument& document); // as PlatformClient already parsed it
Result<Portfolio> parsePortfolio(const QByteArray& json);

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
