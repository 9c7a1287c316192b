#pragma once

#include <QTimer>
#include <QWidget>

#include "api/platform_client.h"

class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QDateTimeAxis;
class QValueAxis;

namespace kse {

// The user's own statistics and the exchange's (GET /api/v1/analytics/me and /summary), with
// the exchange's trades per minute over the last hour as a small chart; refreshed every 5 s
// while shown.
class AnalyticsPanel : public QWidget {
    Q_OBJECT
public:
    explicit AnalyticsPanel(PlatformClient& api, QWidget* parent = nullptr);
    void refresh();
    QString mine() const;
    QString exchange() const;
    int points() const; // of the trades-per-minute chart
    QChartView* chartView() const { return m_view; }

private:
    PlatformClient& m_api;
    QLabel* m_mine;
    QLabel* m_exchange;
    QChart* m_chart;
    QLineSeries* m_trades;
    QChartView* m_view = nullptr;
    QDateTimeAxis* m_time;
    QValueAxis* m_count;
    QTimer m_timer;
};

} // namespace kse
