#pragma once

#include <QWidget>

#include "api/platform_client.h"
#include "trading/portfolio_model.h"

class QLabel;

namespace kse {

// Cash, reserved, available and P&L above the positions, kept current by refresh().
class PortfolioView : public QWidget {
    Q_OBJECT
public:
    explicit PortfolioView(PlatformClient& api, QWidget* parent = nullptr);

    PortfolioModel& model() { return m_model; }
    void refresh();
    // A portfolio pushed by the stream.
    void show(const Portfolio& portfolio);

private:
    void showTotals();

    PlatformClient& m_api;
    PortfolioModel m_model;
    QLabel* m_totals;
    bool m_refreshing = false;
};

} // namespace kse
