#include "trading/portfolio_model.h"

#include "style/terminal_style.h"

#include <QBrush>
#include <QColor>

namespace kse {
PortfolioModel::PortfolioModel(QObject* parent)
    : RowTableModel({tr("Symbol"), tr("Qty"), tr("Reserved"), tr("Avg cost"), tr("Last"), tr("Market value"),
                     tr("Unrealized P&L")},
                    parent) {}

QVariant PortfolioModel::data(const QModelIndex& index, int role) const {
    const Portfolio::Position* row = rowAt(index);
    if (!row)
        return {};
    const Portfolio::Position& p = *row;
    const auto column = static_cast<Column>(index.column());
    if (role == Qt::DisplayRole) {
        switch (column) {
        case Symbol: return p.symbol;
        case Qty: return style::quantity(p.qty);
        case Reserved: return style::quantity(p.reserved);
        case AvgCost: return style::price(p.avgCost);
        case Last: return style::price(p.last);
        case MarketValue: return style::money(p.marketValue);
        case Unrealized: return style::signedMoney(p.unrealized);
        case ColumnCount: break;
        }
        return {};
    }
    if (role == Qt::ForegroundRole && column == Unrealized && p.unrealized != 0)
        return QBrush(p.unrealized > 0 ? style::up() : style::down());
    if (role == Qt::TextAlignmentRole && column != Symbol)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

void PortfolioModel::replace(const Portfolio& portfolio) {
    m_portfolio = portfolio;
    replaceAll(portfolio.positions);
    Q_EMIT totalsChanged();
}

} // namespace kse
