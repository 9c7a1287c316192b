#include "daemon/backend_application.h"

#include <QHostAddress>
#include <QStandardPaths>
#include <QTextStream>
#include <cstdio>

#include "contract/topics.h"
#include "kafka/topic_admin.h"
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

BackendApplication::~BackendApplication() { stopServices(); }

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
        std::vector<TopicSpec> specs;
        for (const auto& topic : topics::all()) {
            const auto retention = topics::retention(topic);
            specs.push_back({topic, retention.ms, retention.why});
        }
        for (const std::string& warning :
             ensureTopics({m_brokers.toStdString(), m_options.kafkaProperties}, specs,
                          TopicPlan{m_options.partitions, m_options.replicationFactor}, m_logger))
            m_options.topicWarnings.append(QString::fromStdString(warning));
        m_logger.info(kComponent, "kafka cluster", {{"brokers", m_brokers.toStdString()}});
    }
    Producer::Options producer;
    producer.brokers = m_brokers.toStdString();
    producer.clientId = "kse-" + m_options.service.toStdString();
    producer.properties = m_options.kafkaProperties;
    m_producer = std::make_unique<Producer>(producer, m_logger);
    m_sources = std::make_unique<KafkaSourceFactory>(
        KafkaClientConfig{m_brokers.toStdString(), m_options.kafkaProperties}, m_logger);
}

ServiceThread& BackendApplication::threadOf(const QString& service) {
    auto& thread = m_threads[service];
    if (!thread)
        thread = std::make_unique<ServiceThread>(service);
    return *thread;
}

quint16 BackendApplication::listen(const QString& service, quint16 defaultPort,
                                   const std::function<quint16(const QHostAddress&, quint16)>& start) {
    const QHostAddress address = listenAddress(m_options, service);
    quint16 port = 0;
    threadOf(service).invoke([&] { port = start(address, m_options.port.value_or(defaultPort)); });
    announce(QStringLiteral("http: %1 listening on %2:%3").arg(service, address.toString()).arg(port));
    noteService(service, address, port);
    return port;
}

void BackendApplication::start() {
    if (QHostAddress(m_options.bind).isNull())
        throw std::runtime_error("--bind: not an IP address: " + m_options.bind.toStdString());
    if (m_options.dataDir.isEmpty())
        m_options.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    connectKafka();
    // Each service is made on its own thread, so that its timers, sockets and HTTP server belong
    // to that thread's event loop.
    if (runs(QStringLiteral("stock-aggregator"))) {
        threadOf(QStringLiteral("stock-aggregator")).invoke([&] {
            m_aggregator = std::make_unique<StockAggregatorService>(m_options, *m_sources, *m_producer, m_logger);
        });
        listen(QStringLiteral("stock-aggregator"), StockAggregatorService::kDefaultPort,
               [&](const QHostAddress& address, quint16 port) { return m_aggregator->start(address, port); });
    }
    if (runs(QStringLiteral("order-processor"))) {
        threadOf(QStringLiteral("order-processor")).invoke([&] {
            m_orderProcessor =
                std::make_unique<OrderProcessorService>(m_options, m_brokers, *m_sources, !m_embedded, m_logger);
        });
        listen(QStringLiteral("order-processor"), OrderProcessorService::kDefaultPort,
               [&](const QHostAddress& address, quint16 port) { return m_orderProcessor->start(address, port); });
    }
    if (runs(QStringLiteral("user-analytics"))) {
        threadOf(QStringLiteral("user-analytics")).invoke([&] {
            m_analytics = std::make_unique<UserAnalyticsService>(m_options, *m_sources, *m_producer, m_logger);
        });
        listen(QStringLiteral("user-analytics"), UserAnalyticsService::kDefaultPort,
               [&](const QHostAddress& address, quint16 port) { return m_analytics->start(address, port); });
    }
    if (runs(QStringLiteral("stock-ingestor"))) {
        threadOf(QStringLiteral("stock-ingestor")).invoke([&] {
            m_ingestor = std::make_unique<StockIngestorService>(m_options, *m_producer, m_logger);
        });
        listen(QStringLiteral("stock-ingestor"), StockIngestorService::kDefaultPort,
               [&](const QHostAddress& address, quint16 port) { return m_ingestor->start(address, port); });
    }
    if (runs(QStringLiteral("platform-api"))) {
        // In one process the platform asks its neighbours directly, from its own thread: both
        // calls are safe from any thread (see bookJson and answer).
        PlatformApiService::BookSource books;
        if (m_orderProcessor)
            books = [processor = m_orderProcessor.get()](const std::string& symbol,
                                                         int depth) -> std::optional<QByteArray> {
                if (auto book = processor->bookJson(symbol, depth))
                    return QByteArray::fromStdString(*book);
                return std::nullopt;
            };
        PlatformApiService::Upstream analytics;
        if (m_analytics)
            analytics = [service = m_analytics.get()](const QString& pathAndQuery) {
                return std::optional(service->answer(pathAndQuery));
            };
        threadOf(QStringLiteral("platform-api")).invoke([&] {
            m_platform = std::make_unique<PlatformApiService>(m_options, m_brokers, *m_sources, *m_producer, m_logger,
                                                              books, analytics);
        });
        createAdmins();
        listen(QStringLiteral("platform-api"), PlatformApiService::kDefaultPort,
               [&](const QHostAddress& address, quint16 port) { return m_platform->start(address, port); });
    }
    m_logger.info(kComponent, "started", {{"service", m_options.service.toStdString()}});
}

void BackendApplication::noteService(const QString& name, const QHostAddress& address, quint16 port) {
    if (m_options.service != QStringLiteral("all"))
        return;
    const bool any =
        address == QHostAddress::Any || address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6;
    m_options.serviceUrls.insert(
        name, QStringLiteral("http://%1:%2").arg(any ? QStringLiteral("127.0.0.1") : address.toString()).arg(port));
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
    stopServices();
    if (m_producer) {
        m_producer->close();
        m_logger.info(
            kComponent, "producer flushed",
            {{"delivered", std::to_string(m_producer->delivered())}, {"failed", std::to_string(m_producer->failed())}});
    }
    m_producer.reset();
    m_embedded.reset();
    Q_EMIT finished(0);
}

void BackendApplication::stopServices() {
    // Stop taking requests first, then deliver everything already accepted, then let go of Kafka.
    // Each service is destroyed on the thread it was made on.
    const auto retire = [this](const QString& name, auto& service) {
        const auto thread = m_threads.find(name);
        if (thread == m_threads.end())
            return;
        thread->second->invoke([&] { service.reset(); });
        thread->second->stop();
    };
    retire(QStringLiteral("platform-api"), m_platform);
    retire(QStringLiteral("stock-ingestor"), m_ingestor);
    retire(QStringLiteral("stock-aggregator"), m_aggregator);    // stores, publishes and commits what it holds
    retire(QStringLiteral("order-processor"), m_orderProcessor); // commits its batch and stores its books
    retire(QStringLiteral("user-analytics"), m_analytics);       // stores what it counted
    m_threads.clear();
}

} // namespace kse
