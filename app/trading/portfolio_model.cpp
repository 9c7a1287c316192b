#include "trading/portfolio_model.h"

#include <QBrush>
#include <QColor>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "domain/price.h"
#include "style/terminal_style.h"

namespace kse {
namespace {

std::int64_t ticksOf(const QJsonValue& value) {
    // Signed (P&L): Price holds non-negative prices, so the sign is applied around it.
    const double v = value.toDouble();
    const auto price = Price::fromDouble(v < 0 ? -v : v);
    const std::int64_t ticks = price ? price.value().ticks() : 0;
    return v < 0 ? -ticks : ticks;
}


} // namespace

Result<Portfolio> parsePortfolio(const QJsonDocument& document) {
    if (!document.isObject())
        return Result<Portfolio>::failure("the portfolio is not a JSON object");
    const QJsonObject o = document.object();
    Portfolio p;
    p.cash = ticksOf(o.value(QLatin1String("cash")));
    p.reserved = ticksOf(o.value(QLatin1String("reserved")));
    p.available = ticksOf(o.value(QLatin1String("available")));
    p.realized = ticksOf(o.value(QLatin1String("realized_pnl")));
    p.unrealized = ticksOf(o.value(QLatin1String("unrealized_pnl")));
    for (const QJsonValue item : o.value(QLatin1String("positions")).toArray()) {
        const QJsonObject q = item.toObject();
        p.positions.push_back({q.value(QLatin1String("symbol")).toString(), q.value(QLatin1String("qty")).toInteger(),
                               q.value(QLatin1String("reserved")).toInteger(), ticksOf(q.value(QLatin1String("avg_cost"))),
                               ticksOf(q.value(QLatin1String("last_price"))), ticksOf(q.value(QLatin1String("market_value"))),
                               ticksOf(q.value(QLatin1String("unrealized_pnl")))});
    }
    return Result<Portfolio>::success(std::move(p));
}

Result<Portfolio> parsePortfolio(const QByteArray& json) { return parsePortfolio(QJsonDocument::fromJson(json)); }

PortfolioModel::PortfolioModel(QObject* parent) : QAbstractTableModel(parent) {}

int PortfolioModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_portfolio.positions.size());
}

int PortfolioModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant PortfolioModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* kNames[] = {"Symbol", "Qty", "Reserved", "Avg cost", "Last", "Market value", "Unrealized P&L"};
    return section >= 0 && section < ColumnCount ? QVariant(QString::fromLatin1(kNames[section])) : QVariant();
}

QVariant PortfolioModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Portfolio::Position& p = m_portfolio.positions[static_cast<std::size_t>(index.row())];
    const auto column = static_cast<Column>(index.column());
    if (role == Qt::DisplayRole) {
        switch (column) {
        case Symbol: return p.symbol;
        case Qty: return QString::number(p.qty);
        case Reserved: return QString::number(p.reserved);
        case AvgCost: return style::signedMoney(p.avgCost);
        case Last: return style::signedMoney(p.last);
        case MarketValue: return style::signedMoney(p.marketValue);
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
    if (portfolio.positions == m_portfolio.positions) { // the usual case: refresh in place
        m_portfolio = portfolio;
    } else {
        beginResetModel();
        m_portfolio = portfolio;
        endResetModel();
    }
    Q_EMIT totalsChanged();
}

} // namespace kse
