#include "ui/analytics_panel.h"

#include "export/chart_exporter.h"
#include "style/terminal_style.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>

namespace kse {
namespace {

constexpr qsizetype kTopShown = 5;

QString count(std::int64_t n) { return QString::number(n); }

QString row(const QString& label, const QString& value) {
    return QStringLiteral("<tr><td>%1</td><td align=right><b>%2</b></td></tr>").arg(label, value);
}

} // namespace

AnalyticsPanel::AnalyticsPanel(PlatformClient& api, QWidget* parent)
    : QWidget(parent)
    , m_api(api)
    , m_mine(new QLabel)
    , m_exchange(new QLabel)
    , m_chart(new QChart)
    , m_trades(new QLineSeries)
    , m_time(new QDateTimeAxis)
    , m_count(new QValueAxis) {
    m_chart->addSeries(m_trades);
    m_chart->addAxis(m_time, Qt::AlignBottom);
    m_chart->addAxis(m_count, Qt::AlignLeft);
    m_trades->attachAxis(m_time);
    m_trades->attachAxis(m_count);
    m_time->setFormat(QStringLiteral("HH:mm"));
    m_time->setTickCount(4);
    m_count->setLabelFormat(QStringLiteral("%.0f"));
    m_chart->legend()->hide();
    m_trades->setName(tr("trades"));
    m_chart->setTitle(tr("Trades per minute, last hour"));
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    auto* view = m_view = new QChartView(m_chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(160);
    ChartExporter::offerExport(*view, QStringLiteral("trades-per-minute"));
    // The figures beside the chart: the dock is wide and low, under the charts.
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(m_mine, 1);
    layout->addWidget(m_exchange, 1);
    layout->addWidget(view, 2);
    m_timer.setInterval(5'000);
    connect(&m_timer, &QTimer::timeout, this, &AnalyticsPanel::refresh);
    m_timer.start();
    refresh();
}

QString AnalyticsPanel::mine() const { return m_mine->text(); }
QString AnalyticsPanel::exchange() const { return m_exchange->text(); }
int AnalyticsPanel::points() const { return static_cast<int>(m_trades->count()); }

void AnalyticsPanel::refresh() {
    m_api.myAnalytics([this](const Result<std::optional<UserAnalytics>>& mine) {
        if (!mine || !mine.value()) {
            m_mine->setText(tr("<b>You</b><br>%1")
                                .arg(mine ? tr("no activity counted yet") : QString::fromStdString(mine.error())));
            return;
        }
        const UserAnalytics& a = *mine.value();
        m_mine->setText(QStringLiteral("<b>%1</b><table>").arg(tr("You")) + row(tr("Logins"), count(a.logins)) +
                        row(tr("Orders placed"), count(a.ordersPlaced)) + row(tr("Filled"), count(a.ordersFilled)) +
                        row(tr("Cancelled"), count(a.ordersCancelled)) +
                        row(tr("Fill ratio"), QString::number(a.fillRatio, 'f', 2)) +
                        row(tr("Trades"), count(a.trades)) + row(tr("Volume"), count(a.volume)) +
                        row(tr("Notional"), style::money(a.notional)) +
                        row(tr("Realized P&L"), style::signedMoney(a.realizedPnl)) + QStringLiteral("</table>"));
    });
    m_api.exchangeSummary([this](const Result<ExchangeSummary>& summary) {
        if (!summary) {
            m_exchange->setText(tr("<b>Exchange</b><br>%1").arg(QString::fromStdString(summary.error())));
            return;
        }
        const ExchangeSummary& s = summary.value();
        const QString top = s.topTraded.mid(0, kTopShown).join(QStringLiteral(", "));
        m_exchange->setText(
            QStringLiteral("<b>%1</b><table>").arg(tr("Exchange")) +
            row(tr("Active 1 min / 1 h / 24 h"),
                QStringLiteral("%1 / %2 / %3").arg(count(s.active1m), count(s.active1h), count(s.active24h))) +
            row(tr("Trades, last hour"), count(s.lastHourTrades)) +
            row(tr("Volume, last hour"), count(s.lastHourVolume)) +
            row(tr("Notional, last hour"), style::money(s.lastHourNotional)) +
            row(tr("Most traded"), top.isEmpty() ? QStringLiteral("—") : top) + QStringLiteral("</table>"));
    });
    m_api.analyticsSeries(QStringLiteral("trades"), [this](const Result<std::vector<SeriesPoint>>& series) {
        if (!series)
            return;
        QList<QPointF> points;
        double top = 1;
        for (const SeriesPoint& p : series.value()) {
            points.append({static_cast<double>(p.minute), p.value});
            top = std::max(top, p.value);
        }
        m_trades->replace(points); // one call, not a loop of appends
        if (!points.isEmpty()) {
            m_time->setRange(QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(points.front().x())),
                             QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(points.back().x())));
            m_count->setRange(0, top * 1.1);
        }
    });
}

} // namespace kse
