#include "trading/portfolio_view.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include "domain/price.h"
#include "style/terminal_style.h"
#include "ui/column_fitter.h"

namespace kse {
PortfolioView::PortfolioView(PlatformClient& api, QWidget* parent) : QWidget(parent), m_api(api), m_totals(new QLabel) {
    auto* view = new QTableView;
    view->setModel(&m_model);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    new ColumnFitter(view);
    m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_totals->setTextFormat(Qt::RichText);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_totals);
    layout->addWidget(view, 1);
    connect(&m_model, &PortfolioModel::totalsChanged, this, &PortfolioView::showTotals);
    showTotals();
}

void PortfolioView::refresh() {
    if (m_refreshing)
        return;
    m_refreshing = true;
    m_api.portfolio([this](const Result<Portfolio>& portfolio) {
        m_refreshing = false;
        if (portfolio)
            m_model.replace(portfolio.value());
    });
}

void PortfolioView::show(const Portfolio& portfolio) { m_model.replace(portfolio); }

void PortfolioView::showTotals() {
    const Portfolio& p = m_model.portfolio();
    // Profit green, loss red, as in the table above.
    const auto pnl = [](std::int64_t ticks) {
        QString text = style::signedMoney(ticks);
        if (text != QLatin1String("0.00"))
            text = QStringLiteral("<span style='color:%1'>%2</span>")
                       .arg((ticks > 0 ? style::up() : style::down()).name(), text);
        return text;
    };
    m_totals->setText(tr("Cash %1 · reserved %2 · available %3 · realized P&amp;L %4 · unrealized P&amp;L %5")
                          .arg(style::money(p.cash), style::money(p.reserved), style::money(p.available),
                               pnl(p.realized), pnl(p.unrealized)));
}

} // namespace kse
