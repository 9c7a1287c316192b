#pragma once

#include <QHostAddress>
#include <mutex>

#include "http/http_endpoint.h"
#include "http/metrics_registry.h"
#include "http/upstream_client.h"
#include "kafka/message_sink.h"
#include "kafka/message_source_factory.h"
#include "log/logger.h"
#include "outbox/outbox.h"
#include "platform_api/account_controller.h"
#include "platform_api/activity_publisher.h"
#include "platform_api/address_rate_limiter.h"
#include "platform_api/analytics_relay_controller.h"
#include "platform_api/authenticator.h"
#include "platform_api/book_watcher.h"
#include "platform_api/config_controller.h"
#include "platform_api/ledger.h"
#include "platform_api/login_throttle.h"
#include "platform_api/market_controller.h"
#include "platform_api/market_feed.h"
#include "platform_api/market_maker.h"
#include "platform_api/market_store.h"
#include "platform_api/order_controller.h"
#include "platform_api/order_repository.h"
#include "platform_api/reference_prices.h"
#include "platform_api/settlement_worker.h"
#include "platform_api/stream_controller.h"
#include "platform_api/stream_hub.h"
#include "platform_api/user_store.h"
#include "service/backend_options.h"
#include "stocks/stock_controller.h"
#include "stocks/stock_query_controller.h"
#include "stocks/tick_publisher.h"
#include "store/group_commit.h"

namespace kse {

// The platform API wired together: users and sessions, accounts and orders in the Users DB,
// orders out to `orders`, settlement from `order-events` and `trades`, activity to
// `user-activity`, prices and candles from its own view of `stock-aggregates` (the Market DB),
// order books relayed from the order processor, and the demo's market maker.
class PlatformApiService {
public:
    static constexpr quint16 kDefaultPort = 8080;

    using BookSource = MarketController::BookSource;
    using Upstream = AnalyticsRelayController::Upstream;

    // Without `books` and `analytics`, they are asked over HTTP at options.orderProcessorUrls and
    // options.userAnalyticsUrls.
    PlatformApiService(const BackendOptions& options, const QString& brokers, MessageSourceFactory& sources,
                       MessageSink& producer, Logger& logger, BookSource books = {}, Upstream analytics = {});
    ~PlatformApiService();

    // Makes `name` an admin with `password` unless the name exists; false when it existed.
    bool createAdmin(const std::string& name, const std::string& password);
    bool hasUser(const std::string& name);
    quint16 start(const QHostAddress& address, quint16 port);
    void stop();

    // The market maker's account (created on first use) and a new session for it.
    std::string marketMakerSession();
    void depositShares(const std::string& username, const std::string& symbol, std::int64_t qty, std::int64_t price);

private:
    void startMarketMaker(const QHostAddress& address, quint16 port);

    Logger& m_logger;
    std::function<std::int64_t()> m_clock;
    MetricsRegistry m_metrics;
    HttpEndpoint m_endpoint;
    UserStore m_users;
    OrderRepository m_orders;
    std::mutex m_guard;        // one SQLite connection, shared by the HTTP threads and the worker
    GroupCommit m_commits;     // placed orders' reservations, written together
    Outbox m_outbox;           // the orders and activity a 202 promises, until Kafka has them
    MarketStore m_marketStore; // written by the feed's thread only
    MarketQueries m_market;    // read by the HTTP threads
    ReferencePrices m_prices;
    Ledger m_ledger;
    LoginThrottle m_throttle;
    AddressRateLimiter m_registrationLimiter; // POST /api/v1/users, per client address
    AddressRateLimiter m_loginLimiter;        // POST /api/v1/login, per client address
    ActivityPublisher m_activity;
    Authenticator m_auth;
    AccountController m_accounts;
    OrderController m_orderController;
    TickPublisher m_ticks;
    StockController m_stocks; // POST /api/v1/stock(s), for admins
    MarketController m_marketController;
    StockQueryController m_stockQueries;
    AnalyticsRelayController m_analyticsRelay;
    ConfigController m_config;
    StreamHub m_hub; // GET /api/v1/stream's subscriptions
    StreamController m_stream;
    BookWatcher m_bookWatcher;
    SettlementWorker m_worker;
    MarketFeed m_feed;
    bool m_runMarketMaker;
    std::unique_ptr<MarketMaker> m_marketMaker;
};

} // namespace kse
