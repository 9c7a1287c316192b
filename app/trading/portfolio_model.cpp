#include "trading/portfolio_model.h"

#include <QBrush>
#include <QColor>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "contract/answer_object.h"
#include "domain/price.h"
#include "style/terminal_style.h"

namespace kse {
Result<Portfolio> parsePortfolio(const QJsonDocument& document) {
    if (!document.isObject())
        return Result<Portfolio>::failure("the portfolio is not a JSON object");
    using R = Result<Portfolio>;
    AnswerObject o(document.object());
    Portfolio p;
    p.cash = o.signedMoney("cash");
    p.reserved = o.money("reserved");
    p.available = o.signedMoney("available");
    p.realized = o.signedMoney("realized_pnl");
    p.unrealized = o.signedMoney("unrealized_pnl");
    if (!o.ok())
        return R::failure("the portfolio's " + *o.error());
    for (const QJsonValue& item : document.object().value(QLatin1String("positions")).toArray()) {
        AnswerObject q(item.toObject());
        Portfolio::Position position{q.text("symbol"),          q.whole("qty"),
                                     q.whole("reserved"),       q.money("avg_cost"),
                                     q.money("last_price"),     q.signedMoney("market_value"),
                                     q.signedMoney("unrealized_pnl")};
        if (!q.ok())
            return R::failure("position " + std::to_string(p.positions.size()) + ": " + *q.error());
        p.positions.push_back(std::move(position));
    }
    return Result<Portfolio>::success(std::move(p));
}

Result<Portfolio> parsePortfolio(const QByteArray& json) { return parsePortfolio(QJsonDocument::fromJson(json)); }

PortfolioModel::PortfolioModel(QObject* parent)
    : RowTableModel({tr("Symbol"), tr("Qty"), tr("Reserved"), tr("Avg cost"), tr("Last"), tr("Market value"),
                     tr("Unrealized P&L")}, parent) {}

QVariant PortfolioModel::data(const QModelIndex& index, int role) const {
    const Portfolio::Position* row = rowAt(index);
    if (!row)
        return {};
    const Portfolio::Position& p = *row;
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
    m_portfolio = portfolio;
    replaceAll(portfolio.positions);
    Q_EMIT totalsChanged();
}

} // namespace kse
