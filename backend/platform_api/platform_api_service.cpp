#include "platform_api/platform_api_service.h"

#include <QDateTime>
#include <QDir>

#include "codec/json_writer.h"
#include "http/http_error.h"
#include "kafka/topics.h"

namespace kse {
namespace {

SettlementWorker::Options workerOptions(const BackendOptions& backend, const QString& brokers) {
    SettlementWorker::Options options;
    options.brokers = brokers.toStdString();
    // Static membership on a real cluster only: the embedded one starts afresh with the process.
    if (!backend.brokers.isEmpty())
        options.instanceId = memberIdentity(backend, QStringLiteral("platform-api"));
    return options;
}

} // namespace

PlatformApiService::PlatformApiService(const BackendOptions& options, const QString& brokers, MessageSink& producer,
                                       Logger& logger)
    : m_brokers(brokers)
    , m_logger(logger)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_endpoint(QStringLiteral("platform-api"), m_metrics, logger)
    , m_users(databasePath(options, QStringLiteral("platform-api.db")))
    , m_orders(m_users.db())
    , m_ledger(Ledger::Limits{})
    , m_throttle(LoginThrottle::Policy{})
    , m_activity(producer)
    , m_auth(m_users, m_guard, m_clock)
    , m_accounts(AccountController::Options{}, m_users, m_orders, m_guard, m_auth, m_throttle, m_activity, m_clock)
    , m_orderController(m_users, m_orders, m_guard, m_auth, m_ledger, producer, m_activity, m_clock)
    , m_ticks(producer, m_metrics)
    , m_stocks(m_ticks, m_metrics, m_clock, [this](const QHttpServerRequest& request) { m_auth.requireAdmin(request); })
    , m_worker(workerOptions(options, brokers), m_users, m_orders, m_guard, producer, m_metrics, logger) {
    m_endpoint.setHealthProbe([this]() -> std::optional<QString> {
        if (auto failure = m_worker.failure())
            return QString::fromStdString(*failure);
        return std::nullopt;
    });
    m_accounts.registerRoutes(m_endpoint);
    m_orderController.registerRoutes(m_endpoint);
    m_stocks.registerRoutes(m_endpoint);
    m_endpoint.route(QStringLiteral("/api/v1/config"), QHttpServerRequest::Method::Get,
                     [this](const QHttpServerRequest& request) { return config(request); });
}

PlatformApiService::~PlatformApiService() { stop(); }

bool PlatformApiService::createAdmin(const std::string& name, const std::string& password) {
    const std::lock_guard lock(m_guard);
    return createUser(m_users, name, password, Role::Admin, 0, m_clock());
}

bool PlatformApiService::hasUser(const std::string& name) {
    const std::lock_guard lock(m_guard);
    return m_users.user(name).has_value();
}

quint16 PlatformApiService::start(const QHostAddress& address, quint16 port) {
    m_worker.start(); // first: it notes where to start reading before any order can be placed
    const quint16 bound = m_endpoint.listen(address, port);
    if (const int resent = m_orderController.resendPending(); resent > 0)
        m_logger.info("platform-api", "pending orders sent again", {{"count", std::to_string(resent)}});
    return bound;
}

void PlatformApiService::stop() { m_worker.stop(); }

QHttpServerResponse PlatformApiService::config(const QHttpServerRequest&) const {
    JsonWriter topicNames;
    topicNames.field("stock_ingress", topics::kStockIngress)
        .field("stock_aggregates", topics::kStockAggregates)
        .field("orders", topics::kOrders)
        .field("order_events", topics::kOrderEvents)
        .field("trades", topics::kTrades)
        .field("user_activity", topics::kUserActivity)
        .field("dead_letters", topics::kDeadLetters);
    const std::string kafka = JsonWriter().field("brokers", m_brokers.toStdString()).finish();
    std::string body = R"({"kafka":)" + kafka.substr(0, kafka.size() - 1) + R"(,"topics":)" + topicNames.finish() + "}}";
    return jsonResponse(QByteArray::fromStdString(body));
}

} // namespace kse
