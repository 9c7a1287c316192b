#include "ui/analytics_panel.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include "export/chart_exporter.h"
#include <algorithm>
#include <cmath>

namespace kse {
namespace {

QString number(const QJsonObject& o, const char* name) {
    const QJsonValue v = o.value(QLatin1String(name));
    return v.isDouble() ? QString::number(v.toDouble(), 'f', v.toDouble() == std::floor(v.toDouble()) ? 0 : 2)
                        : QStringLiteral("—");
}

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
    auto* texts = new QHBoxLayout;
    texts->addWidget(m_mine, 1);
    texts->addWidget(m_exchange, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(texts);
    layout->addWidget(view, 1);
    m_timer.setInterval(5'000);
    connect(&m_timer, &QTimer::timeout, this, &AnalyticsPanel::refresh);
    m_timer.start();
    refresh();
}

QString AnalyticsPanel::mine() const { return m_mine->text(); }
QString AnalyticsPanel::exchange() const { return m_exchange->text(); }
int AnalyticsPanel::points() const { return static_cast<int>(m_trades->count()); }

void AnalyticsPanel::refresh() {
    m_api.get(QStringLiteral("/api/v1/analytics/me"), [this](const PlatformClient::Reply& reply) {
        if (!reply.ok()) {
            m_mine->setText(tr("<b>You</b><br>%1").arg(reply.status == 404 ? tr("no activity counted yet") : reply.error));
            return;
        }
        const QJsonObject o = reply.json.object();
        const QJsonObject orders = o.value(QLatin1String("orders")).toObject();
        m_mine->setText(QStringLiteral("<b>%1</b><table>").arg(tr("You")) + row(tr("Logins"), number(o, "logins")) +
                        row(tr("Orders placed"), number(orders, "placed")) + row(tr("Filled"), number(orders, "filled")) +
                        row(tr("Cancelled"), number(orders, "cancelled")) + row(tr("Fill ratio"), number(o, "fill_ratio")) +
                        row(tr("Trades"), number(o, "trades")) + row(tr("Volume"), number(o, "volume")) +
                        row(tr("Notional"), number(o, "notional")) + row(tr("Realized P&L"), number(o, "realized_pnl")) +
                        QStringLiteral("</table>"));
    });
    m_api.get(QStringLiteral("/api/v1/analytics/summary"), [this](const PlatformClient::Reply& reply) {
        if (!reply.ok()) {
            m_exchange->setText(tr("<b>Exchange</b><br>%1").arg(reply.error));
            return;
        }
        const QJsonObject o = reply.json.object();
        const QJsonObject active = o.value(QLatin1String("active_users")).toObject();
        const QJsonObject hour = o.value(QLatin1String("last_hour")).toObject();
        QString top;
        for (const QJsonValue item : o.value(QLatin1String("top_traded")).toArray()) {
            if (!top.isEmpty())
                top += QStringLiteral(", ");
            top += item.toObject().value(QLatin1String("symbol")).toString();
            if (top.count(QLatin1Char(',')) >= 4)
                break;
        }
        m_exchange->setText(QStringLiteral("<b>%1</b><table>").arg(tr("Exchange")) +
                            row(tr("Active 1 min / 1 h / 24 h"), QStringLiteral("%1 / %2 / %3").arg(number(active, "1m"), number(active, "1h"), number(active, "24h"))) +
                            row(tr("Trades, last hour"), number(hour, "trades")) + row(tr("Volume, last hour"), number(hour, "volume")) +
                            row(tr("Notional, last hour"), number(hour, "notional")) +
                            row(tr("Most traded"), top.isEmpty() ? QStringLiteral("—") : top) + QStringLiteral("</table>"));
    });
    m_api.get(QStringLiteral("/api/v1/analytics/timeseries?metric=trades"), [this](const PlatformClient::Reply& reply) {
        if (!reply.ok())
            return;
        QList<QPointF> points;
        double top = 1;
        for (const QJsonValue item : reply.json.array()) {
            const QJsonObject p = item.toObject();
            const double value = p.value(QLatin1String("value")).toDouble();
            points.append({p.value(QLatin1String("minute")).toDouble(), value});
            top = std::max(top, value);
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
