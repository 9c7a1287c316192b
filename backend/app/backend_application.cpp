#include "app/backend_application.h"

#include <QHostAddress>
#include <QStandardPaths>
#include <QTextStream>
#include <cstdio>

#include "kafka/topic_admin.h"
#include "kafka/topics.h"
#include "platform_api/credentials.h"

namespace kse {
namespace {
constexpr std::string_view kComponent = "kse-backend";

// Lines other programs (tests, scripts) wait for go to stdout, whole and at once.
void announce(const QString& line) {
    std::fputs(qPrintable(line + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}
} // namespace

BackendApplication::BackendApplication(BackendOptions options, Logger& logger)
    : m_options(std::move(options)), m_logger(logger) {
    connect(&m_signals, &SignalWatcher::terminationRequested, this, &BackendApplication::shutdown);
}

BackendApplication::~BackendApplication() = default;

bool BackendApplication::runs(const QString& service) const {
    return m_options.service == service || m_options.service == QStringLiteral("all");
}

void BackendApplication::connectKafka() {
    if (m_options.brokers.isEmpty()) {
        m_embedded = std::make_unique<EmbeddedCluster>();
        for (const auto& topic : topics::all())
            m_embedded->createTopic(topic, m_options.partitions);
        m_brokers = QString::fromStdString(m_embedded->bootstrapServers());
        announce(QStringLiteral("kafka: embedded cluster at %1").arg(m_brokers));
    } else {
        m_brokers = m_options.brokers;
        ensureTopics(m_brokers.toStdString(), topics::all(), m_options.partitions, m_logger);
        m_logger.info(kComponent, "kafka cluster", {{"brokers", m_brokers.toStdString()}});
    }
    Producer::Options producer;
    producer.brokers = m_brokers.toStdString();
    producer.clientId = "kse-" + m_options.service.toStdString();
    m_producer = std::make_unique<Producer>(producer, m_logger);
}

void BackendApplication::start() {
    const QHostAddress address(m_options.bind);
    if (address.isNull())
        throw std::runtime_error("--bind: not an IP address: " + m_options.bind.toStdString());
    if (m_options.dataDir.isEmpty())
        m_options.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    connectKafka();
    if (runs(QStringLiteral("stock-aggregator"))) {
        m_aggregator = std::make_unique<StockAggregatorService>(m_options, m_brokers, *m_producer, m_logger);
        const quint16 port =
            m_aggregator->start(address, m_options.port.value_or(StockAggregatorService::kDefaultPort));
        announce(QStringLiteral("http: stock-aggregator listening on %1:%2").arg(address.toString()).arg(port));
        noteService(QStringLiteral("stock-aggregator"), port);
    }
    if (runs(QStringLiteral("order-processor"))) {
        m_orderProcessor = std::make_unique<OrderProcessorService>(m_options, m_brokers, !m_embedded, m_logger);
        const quint16 port =
            m_orderProcessor->start(address, m_options.port.value_or(OrderProcessorService::kDefaultPort));
        announce(QStringLiteral("http: order-processor listening on %1:%2").arg(address.toString()).arg(port));
        noteService(QStringLiteral("order-processor"), port);
    }
    if (runs(QStringLiteral("user-analytics"))) {
        m_analytics = std::make_unique<UserAnalyticsService>(m_options, m_brokers, *m_producer, m_logger);
        const quint16 port = m_analytics->start(address, m_options.port.value_or(UserAnalyticsService::kDefaultPort));
        announce(QStringLiteral("http: user-analytics listening on %1:%2").arg(address.toString()).arg(port));
        noteService(QStringLiteral("user-analytics"), port);
    }
    if (runs(QStringLiteral("stock-ingestor"))) {
        m_ingestor = std::make_unique<StockIngestorService>(m_options, *m_producer, m_logger);
        const quint16 port = m_ingestor->start(address, m_options.port.value_or(StockIngestorService::kDefaultPort));
        announce(QStringLiteral("http: stock-ingestor listening on %1:%2").arg(address.toString()).arg(port));
        noteService(QStringLiteral("stock-ingestor"), port);
    }
    if (runs(QStringLiteral("platform-api"))) {
        PlatformApiService::BookSource books;
        if (m_orderProcessor) // in one process both answer on this thread: ask it directly
            books = [processor = m_orderProcessor.get()](const std::string& symbol, int depth) {
                return std::optional(QByteArray::fromStdString(processor->bookJson(symbol, depth)));
            };
        PlatformApiService::Upstream analytics;
        if (m_analytics) // the same: ask it directly
            analytics = [service = m_analytics.get()](const QString& pathAndQuery) {
                return std::optional(service->answer(pathAndQuery));
            };
        m_platform = std::make_unique<PlatformApiService>(m_options, m_brokers, *m_producer, m_logger, books, analytics);
        createAdmins();
        const quint16 port = m_platform->start(address, m_options.port.value_or(PlatformApiService::kDefaultPort));
        announce(QStringLiteral("http: platform-api listening on %1:%2").arg(address.toString()).arg(port));
    }
    m_logger.info(kComponent, "started", {{"service", m_options.service.toStdString()}});
}

void BackendApplication::noteService(const QString& name, quint16 port) {
    if (m_options.service != QStringLiteral("all"))
        return;
    const QHostAddress bound(m_options.bind);
    const bool any = bound == QHostAddress::Any || bound == QHostAddress::AnyIPv4 || bound == QHostAddress::AnyIPv6;
    m_options.serviceUrls.insert(name, QStringLiteral("http://%1:%2").arg(any ? QStringLiteral("127.0.0.1") : m_options.bind).arg(port));
}

void BackendApplication::createAdmins() {
    if (!m_options.createAdmin.isEmpty()) {
        QString password = m_options.adminPassword;
        if (password.isEmpty()) {
            QTextStream in(stdin);
            password = in.readLine();
        }
        if (auto error = passwordError(password.toStdString()))
            throw std::runtime_error("--create-admin: " + *error);
        if (auto error = usernameError(m_options.createAdmin.toStdString()))
            throw std::runtime_error("--create-admin: " + *error);
        const bool created = m_platform->createAdmin(m_options.createAdmin.toStdString(), password.toStdString());
        m_logger.info(kComponent, created ? "admin created" : "admin exists already",
                      {{"username", m_options.createAdmin.toStdString()}});
    }
    // The demo's first admin: `admin`, with KSE_ADMIN_PASSWORD or a random password shown once.
    if (m_options.service == QStringLiteral("all") && !m_platform->hasUser("admin")) {
        QString password = m_options.adminPassword;
        const bool generated = password.isEmpty();
        if (generated)
            password = QString::fromStdString(issueToken().token.substr(0, 16));
        m_platform->createAdmin("admin", password.toStdString());
        announce(generated ? QStringLiteral("admin: user 'admin' created with password %1 (shown once)").arg(password)
                           : QStringLiteral("admin: user 'admin' created with KSE_ADMIN_PASSWORD"));
    }
}

void BackendApplication::shutdown(int signalNumber) {
    m_logger.info(kComponent, "stopping", {{"signal", std::to_string(signalNumber)}});
    // Stop taking requests first, then deliver everything already accepted, then let go of Kafka.
    m_platform.reset();
    m_ingestor.reset();
    m_aggregator.reset(); // stores, publishes and commits what it holds, then leaves the group
    m_orderProcessor.reset(); // commits its batch and stores its books
    m_analytics.reset();      // stores what it counted
    if (m_producer) {
        m_producer->close();
        m_logger.info(kComponent, "producer flushed", {{"delivered", std::to_string(m_producer->delivered())},
                                                       {"failed", std::to_string(m_producer->failed())}});
    }
    m_producer.reset();
    m_embedded.reset();
    Q_EMIT finished(0);
}

} // namespace kse
