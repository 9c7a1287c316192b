#pragma once

#include <QHostAddress>
#include <mutex>

#include "http/http_endpoint.h"
#include "http/metrics_registry.h"
#include "kafka/message_sink.h"
#include "log/logger.h"
#include "platform_api/account_controller.h"
#include "platform_api/activity_publisher.h"
#include "platform_api/authenticator.h"
#include "platform_api/ledger.h"
#include "platform_api/login_throttle.h"
#include "platform_api/order_controller.h"
#include "platform_api/order_repository.h"
#include "platform_api/settlement_worker.h"
#include "platform_api/user_store.h"
#include "service/backend_options.h"
#include "stock_ingestor/stock_controller.h"
#include "stock_ingestor/tick_publisher.h"

namespace kse {

// The platform API wired together: users and sessions, accounts and orders in the Users DB,
// orders out to `orders`, settlement from `order-events` and `trades`, activity to
// `user-activity`.
class PlatformApiService {
public:
    static constexpr quint16 kDefaultPort = 8080;

    PlatformApiService(const BackendOptions& options, const QString& brokers, MessageSink& producer, Logger& logger);
    ~PlatformApiService();

    // Makes `name` an admin with `password` unless the name exists; false when it existed.
    bool createAdmin(const std::string& name, const std::string& password);
    bool hasUser(const std::string& name);
    quint16 start(const QHostAddress& address, quint16 port);
    void stop();

private:
    QHttpServerResponse config(const QHttpServerRequest& request) const;

    QString m_brokers;
    Logger& m_logger;
    std::function<std::int64_t()> m_clock;
    MetricsRegistry m_metrics;
    HttpEndpoint m_endpoint;
    UserStore m_users;
    OrderRepository m_orders;
    std::mutex m_guard; // one SQLite connection, shared by the HTTP thread and the worker
    Ledger m_ledger;
    LoginThrottle m_throttle;
    ActivityPublisher m_activity;
    Authenticator m_auth;
    AccountController m_accounts;
    OrderController m_orderController;
    TickPublisher m_ticks;
    StockController m_stocks; // POST /api/v1/stock(s), for admins
    SettlementWorker m_worker;
};

} // namespace kse
