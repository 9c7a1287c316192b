#include "monitor/system_monitor.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>

#include "contract/topics.h"
#include "export/chart_exporter.h"
#include "style/terminal_style.h"
#include "ui/column_fitter.h"

namespace kse {
namespace {

constexpr int kPollMs = 2'000;
constexpr qint64 kLagWindowMs = 5 * 60'000;

QTableWidget* table(const QStringList& headers) {
    auto* t = new QTableWidget(0, static_cast<int>(headers.size()));
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    new ColumnFitter(t);
    return t;
}

void set(QTableWidget* t, int row, int column, const QString& text, const QColor& colour = {}) {
    auto* item = t->item(row, column);
    if (!item) {
        item = new QTableWidgetItem;
        t->setItem(row, column, item);
    }
    item->setText(text);
    if (colour.isValid())
        item->setForeground(colour);
}

const QColor kGood = style::up(), kBad = style::down();

} // namespace

SystemMonitor::SystemMonitor(PlatformClient& api, KafkaClientConfig kafka, Logger& logger, QWidget* parent)
    : QWidget(parent)
    , m_api(api)
    , m_kafka(std::move(kafka))
    , m_stats(logger)
    , m_tail(logger)
    , m_services(table({tr("Service"), tr("URL"), tr("Health")}))
    , m_metrics(new QPlainTextEdit)
    , m_topics(table({tr("Topic"), tr("Partitions"), tr("Messages"), tr("End offsets"), tr("Msgs/s")}))
    , m_lags(table({tr("Group"), tr("Topic"), tr("Partition"), tr("Committed"), tr("End"), tr("Lag")}))
    , m_lagChart(new QChart)
    , m_lagTime(new QDateTimeAxis)
    , m_lagAxis(new QValueAxis)
    , m_tailTopic(new QComboBox)
    , m_tailText(new QPlainTextEdit)
    , m_state(new QLabel(tr("Asking the API where everything is…"))) {
    m_metrics->setReadOnly(true);
    m_metrics->setPlaceholderText(tr("Select a service to see its metrics"));
    m_tailText->setReadOnly(true);
    m_tailText->setMaximumBlockCount(500);
    m_tailText->setLineWrapMode(QPlainTextEdit::NoWrap);
    for (const std::string& topic : topics::all())
        m_tailTopic->addItem(QString::fromStdString(topic));
    m_lagChart->addAxis(m_lagTime, Qt::AlignBottom);
    m_lagChart->addAxis(m_lagAxis, Qt::AlignLeft);
    m_lagTime->setFormat(QStringLiteral("HH:mm:ss"));
    m_lagTime->setTickCount(4);
    m_lagAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_lagChart->setTitle(tr("Consumer lag (messages), last 5 minutes"));
    m_lagChart->setMargins(QMargins(2, 2, 2, 2));
    auto* lagView = new QChartView(m_lagChart);
    lagView->setRenderHint(QPainter::Antialiasing);
    ChartExporter::offerExport(*lagView, QStringLiteral("consumer-lag"));

    auto* servicesPage = new QSplitter(Qt::Horizontal);
    servicesPage->addWidget(m_services);
    servicesPage->addWidget(m_metrics);
    auto* kafkaPage = new QSplitter(Qt::Horizontal); // side by side: the dock is wide and low
    kafkaPage->addWidget(m_topics);
    kafkaPage->addWidget(m_lags);
    kafkaPage->addWidget(lagView);
    auto* tailPage = new QWidget;
    auto* tailLayout = new QVBoxLayout(tailPage);
    auto* tailBar = new QHBoxLayout;
    tailBar->addWidget(new QLabel(tr("Topic")));
    tailBar->addWidget(m_tailTopic, 1);
    tailLayout->addLayout(tailBar);
    tailLayout->addWidget(m_tailText, 1);
    auto* tabs = new QTabWidget;
    tabs->addTab(servicesPage, tr("Services"));
    tabs->addTab(kafkaPage, tr("Kafka"));
    tabs->addTab(tailPage, tr("Live tail"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_state);
    layout->addWidget(tabs, 1);

    connect(m_services, &QTableWidget::currentCellChanged, this, [this](int row) { showMetrics(row); });
    connect(m_tailTopic, &QComboBox::currentTextChanged, this, &SystemMonitor::tail);
    connect(&m_tail, &TopicTail::lines, this, [this](const QStringList& lines) {
        m_tailText->appendPlainText(lines.join(QLatin1Char('\n'))); // one layout for the batch
    });
    connect(&m_stats, &KafkaStats::snapshot, this, &SystemMonitor::showSnapshot);
    m_timer.setInterval(kPollMs);
    connect(&m_timer, &QTimer::timeout, this, &SystemMonitor::pollServices);
}

SystemMonitor::~SystemMonitor() {
    m_stats.stop();
    m_tail.stop();
}

void SystemMonitor::start() {
    m_api.config([this](const Result<PlatformConfig>& config) {
        if (!config) {
            m_state->setText(
                tr("Cannot read the configuration: %1; asking again").arg(QString::fromStdString(config.error())));
            QTimer::singleShot(kPollMs, this, &SystemMonitor::start);
            return;
        }
        m_brokers = m_kafka.brokers.empty() ? config.value().brokers : QString::fromStdString(m_kafka.brokers);
        m_urls = config.value().services;
        m_services->setRowCount(static_cast<int>(m_urls.size()));
        int row = 0;
        for (auto it = m_urls.cbegin(); it != m_urls.cend(); ++it, ++row) {
            set(m_services, row, 0, it.key());
            set(m_services, row, 1, it.value());
            set(m_services, row, 2, tr("asking…"));
        }
        m_state->setText(tr("Kafka at %1").arg(m_brokers));
        m_stats.start({m_brokers.toStdString(), m_kafka.properties});
        tail(m_tailTopic->currentText());
        pollServices();
        m_timer.start();
    });
}

void SystemMonitor::tail(const QString& topic) {
    if (m_brokers.isEmpty())
        return;
    m_tailTopic->setCurrentText(topic);
    m_tailText->clear();
    m_tail.start({m_brokers.toStdString(), m_kafka.properties}, topic.toStdString());
}

void SystemMonitor::pollServices() {
    int row = 0;
    for (auto it = m_urls.cbegin(); it != m_urls.cend(); ++it, ++row) {
        QNetworkRequest request(QUrl(it.value() + QStringLiteral("/api/v1/healthcheck")));
        request.setTransferTimeout(kPollMs);
        QNetworkReply* reply = m_network.get(request);
        connect(reply, &QNetworkReply::finished, this, [this, reply, row] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
            if (status == 200)
                set(m_services, row, 2, tr("OK"), kGood);
            else if (status == 0)
                set(m_services, row, 2, tr("unreachable: %1").arg(reply->errorString()), kBad);
            else
                set(m_services, row, 2,
                    tr("failing (%1): %2")
                        .arg(status)
                        .arg(body.value(QLatin1String("error"))
                                 .toString(body.value(QLatin1String("message")).toString())),
                    kBad);
        });
    }
    if (m_services->currentRow() >= 0)
        showMetrics(m_services->currentRow());
}

void SystemMonitor::showMetrics(int row) {
    const auto* name = m_services->item(row, 1);
    if (!name)
        return;
    QNetworkRequest request(QUrl(name->text() + QStringLiteral("/metrics")));
    request.setTransferTimeout(kPollMs);
    QNetworkReply* reply = m_network.get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, row] {
        reply->deleteLater();
        if (m_services->currentRow() != row)
            return;
        // The service's own figures, not the runtime's: lines of kse_ metrics.
        QStringList lines;
        for (const QByteArray& line : reply->readAll().split('\n'))
            if (line.startsWith("kse_"))
                lines << QString::fromUtf8(line);
        m_metrics->setPlainText(lines.isEmpty() ? tr("no metrics: %1").arg(reply->errorString())
                                                : lines.join(QLatin1Char('\n')));
    });
}

void SystemMonitor::showSnapshot(const KafkaSnapshot& s) {
    m_state->setText(s.reachable ? tr("Kafka at %1").arg(m_brokers)
                                 : tr("Kafka at %1: unreachable, retrying").arg(m_brokers));
    if (!s.reachable)
        return;
    m_topics->setRowCount(static_cast<int>(s.topics.size()));
    for (int row = 0; row < static_cast<int>(s.topics.size()); ++row) {
        const auto& t = s.topics[static_cast<std::size_t>(row)];
        QString rate = QStringLiteral("—");
        if (const auto last = m_lastEnds.constFind(t.name); last != m_lastEnds.constEnd() && s.at > last->first)
            rate = QString::number(
                static_cast<double>(t.end - last->second) * 1000.0 / static_cast<double>(s.at - last->first), 'f', 1);
        m_lastEnds.insert(t.name, {s.at, t.end});
        set(m_topics, row, 0, t.name);
        set(m_topics, row, 1, QString::number(t.partitions));
        set(m_topics, row, 2, QString::number(t.messages));
        set(m_topics, row, 3, QString::number(t.end));
        set(m_topics, row, 4, rate);
    }
    m_lags->setRowCount(static_cast<int>(s.lags.size()));
    QMap<QString, std::int64_t> totals;
    for (int row = 0; row < static_cast<int>(s.lags.size()); ++row) {
        const auto& l = s.lags[static_cast<std::size_t>(row)];
        set(m_lags, row, 0, l.group);
        set(m_lags, row, 1, l.topic);
        set(m_lags, row, 2, QString::number(l.partition));
        set(m_lags, row, 3, l.committed < 0 ? tr("none") : QString::number(l.committed));
        set(m_lags, row, 4, QString::number(l.end));
        set(m_lags, row, 5, QString::number(l.lag()), l.lag() > 0 ? kBad : kGood);
        totals[l.group] += l.lag();
    }
    // Lag over time: one line per group, the last five minutes.
    double top = 1;
    for (auto it = totals.cbegin(); it != totals.cend(); ++it) {
        QLineSeries*& series = m_lagSeries[it.key()];
        if (!series) {
            series = new QLineSeries;
            series->setName(it.key());
            m_lagChart->addSeries(series);
            series->attachAxis(m_lagTime);
            series->attachAxis(m_lagAxis);
        }
        QList<QPointF> points = series->points();
        points.append({static_cast<qreal>(s.at), static_cast<qreal>(it.value())});
        while (!points.isEmpty() && points.front().x() < static_cast<qreal>(s.at - kLagWindowMs))
            points.removeFirst();
        series->replace(points);
        for (const QPointF& p : points)
            top = std::max(top, p.y());
    }
    m_lagTime->setRange(QDateTime::fromMSecsSinceEpoch(s.at - kLagWindowMs), QDateTime::fromMSecsSinceEpoch(s.at));
    m_lagAxis->setRange(0, top * 1.1);
}

int SystemMonitor::lagPoints() const {
    int n = 0;
    for (const QLineSeries* series : m_lagSeries)
        n += static_cast<int>(series->count());
    return n;
}

} // namespace kse
