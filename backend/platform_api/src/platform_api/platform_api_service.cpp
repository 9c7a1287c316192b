#include "platform_api/platform_api_service.h"

#include <QDateTime>
#include <QDir>
#include <QUrlQuery>

#include "codec/json_writer.h"
#include "contract/activity_message.h"
#include "contract/topics.h"
#include "domain/limits.h"
#include "domain/money.h"
#include "domain/tick.h"
#include "http/http_error.h"
#include "http/query_parameters.h"
#include "platform_api/account_views.h"
#include "platform_api/credentials.h"

namespace kse {
namespace {

constexpr int kRelayTimeoutMs = 2'000;
constexpr const char* kMarketMaker = "market-maker";
constexpr std::int64_t kMarketMakerCash = 10'000'000LL * Price::kScale; // 10,000,000.00

// Each order processor answers for the symbols of its own partitions (421 for the others): the
// book comes from the first that answers 200.
PlatformApiService::BookSource relayedBooks(const QStringList& orderProcessors, const QByteArray& serviceToken) {
    std::vector<UpstreamClient> clients;
    for (const QString& url : orderProcessors)
        clients.emplace_back(QUrl(url), kRelayTimeoutMs, serviceToken);
    return [clients = std::move(clients)](const std::string& symbol, int depth) -> std::optional<QByteArray> {
        const QString path = QStringLiteral("/api/v1/book/%1?depth=%2").arg(QString::fromStdString(symbol)).arg(depth);
        for (const UpstreamClient& client : clients)
            if (const auto reply = client.get(path); reply && reply->status == 200)
                return reply->body;
        return std::nullopt;
    };
}

std::vector<AnalyticsRelayController::Upstream> relayedAnalytics(const QStringList& instances,
                                                                 const QByteArray& serviceToken) {
    std::vector<AnalyticsRelayController::Upstream> upstreams;
    for (const QString& url : instances)
        upstreams.emplace_back([client = UpstreamClient(QUrl(url), kRelayTimeoutMs, serviceToken)](
                                   const QString& pathAndQuery) { return client.get(pathAndQuery); });
    return upstreams;
}

AccountController::Options accountOptions(const BackendOptions& backend) {
    AccountController::Options options;
    options.hashBurst = 2 * backend.hashRate;
    options.hashIntervalMs = std::max<std::int64_t>(1'000 / backend.hashRate, 1);
    return options;
}

SettlementWorker::Options workerOptions(const BackendOptions& backend,
                                        std::function<void(const Settlement::Changes&)> settled) {
    SettlementWorker::Options options;
    options.settled = std::move(settled);
    // Static membership on a real cluster only: the embedded one starts afresh with the process.
    if (!backend.brokers.isEmpty())
        options.instanceId = memberIdentity(backend, QStringLiteral("platform-api"));
    return options;
}

// The services GET /api/v1/config names: all of them in `kse-backend all`; on its own, the
// ones it talks to.
QMap<QString, QString> configuredServices(const BackendOptions& options) {
    QMap<QString, QString> services = options.serviceUrls;
    if (services.isEmpty()) {
        const auto instances = [&](const QString& service, const QStringList& urls) {
            for (qsizetype i = 0; i < urls.size(); ++i)
                services.insert(i == 0 ? service : QStringLiteral("%1-%2").arg(service).arg(i + 1), urls[i]);
        };
        instances(QStringLiteral("order-processor"), options.orderProcessorUrls);
        instances(QStringLiteral("user-analytics"), options.userAnalyticsUrls);
    }
    return services;
}

} // namespace

PlatformApiService::PlatformApiService(const BackendOptions& options, const QString& brokers,
                                       MessageSourceFactory& sources, MessageSink& producer, Logger& logger,
                                       BookSource books, Upstream analytics)
    : m_logger(logger)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_endpoint(QStringLiteral("platform-api"), m_metrics, logger,
                 endpointOptions(options, QStringLiteral("platform-api")))
    , m_users(databasePath(options, QStringLiteral("platform-api.db")))
    , m_orders(m_users.db())
    , m_commits(m_users.db(), m_guard)
    , m_outbox(m_users.db(), databasePath(options, QStringLiteral("platform-api.db")), producer, sources, logger)
    , m_marketStore(databasePath(options, QStringLiteral("platform-market.db")))
    , m_market(databasePath(options, QStringLiteral("platform-market.db")))
    , m_prices(m_orders, m_market)
    , m_ledger(Ledger::Limits{})
    , m_throttle(LoginThrottle::Policy{})
    , m_registrationLimiter(AddressRateLimiter::Policy{})
    , m_loginLimiter(AddressRateLimiter::Policy{})
    , m_activity(producer)
    , m_auth(m_users, m_guard, m_clock)
    , m_accounts(accountOptions(options), m_users, m_prices, m_guard, m_auth, m_throttle, m_registrationLimiter,
                 m_loginLimiter, m_activity, m_metrics, m_clock)
    , m_orderController(m_users, m_orders, m_prices, m_guard, m_commits, m_auth, m_ledger, producer, m_outbox, m_clock)
    , m_ticks(producer, m_metrics)
    , m_stocks(m_ticks, m_metrics, m_clock, [this](const QHttpServerRequest& request) { m_auth.requireAdmin(request); })
    , m_marketController(m_market, m_auth, m_activity,
                         books ? std::move(books) : relayedBooks(options.orderProcessorUrls, options.serviceToken),
                         m_clock)
    , m_stockQueries(m_market,
                     [this](const std::string& symbol, const QHttpServerRequest& request) {
                         m_marketController.viewed(symbol, request);
                     })
    , m_analyticsRelay(m_auth,
                       analytics ? std::vector{std::move(analytics)}
                                 : relayedAnalytics(options.userAnalyticsUrls, options.serviceToken),
                       logger)
    , m_config(brokers, configuredServices(options), m_ledger.collarBps())
    , m_stream(
          StreamController::Options{}, m_hub, m_auth,
          [this](std::int64_t userId) {
              const std::lock_guard lock(m_guard);
              return portfolioJson(m_users.account(userId), m_prices);
          },
          m_metrics, m_clock)
    , m_bookWatcher(BookWatcher::Options{}, m_hub, m_marketController.books(), logger, m_clock)
    , m_worker(workerOptions(options,
                             [this](const Settlement::Changes& changes) {
                                 for (const PlatformOrder& order : changes.orders)
                                     m_bookWatcher.touched(order.symbol);
                                 m_stream.settled(changes);
                             }),
               sources, m_users, m_orders, m_guard, producer, m_metrics, logger, m_clock)
    , m_feed(MarketFeed::Options{20'000, 86'400'000, m_clock,
                                 [this](const std::vector<AggregateMessage>& candles) {
                                     m_stream.candlesStored(candles);
                                 }},
             sources, m_marketStore, producer, m_metrics, logger)
    , m_runMarketMaker(options.marketMaker) {
    m_metrics.gauge("kse_platform_order_commits", "Transactions that wrote placed orders, since the start",
                    [this] { return static_cast<double>(m_commits.groups()); });
    m_metrics.gauge("kse_platform_orders_committed", "Placed orders written (and refused) in them, since the start",
                    [this] { return static_cast<double>(m_commits.pieces()); });
    m_metrics.gauge("kse_outbox_kept", "Messages promised by an answer and not yet known to be on their topic",
                    [this] { return static_cast<double>(m_outbox.kept()); });
    m_metrics.gauge("kse_outbox_waiting", "Kept messages waiting to be looked for on their topic and sent again",
                    [this] { return static_cast<double>(m_outbox.counts().waiting); });
    m_metrics.gauge("kse_outbox_found_total", "Messages left by an earlier run that were found on their topic",
                    [this] { return static_cast<double>(m_outbox.counts().found); });
    m_metrics.gauge("kse_outbox_resent_total", "Messages left by an earlier run or refused, sent again",
                    [this] { return static_cast<double>(m_outbox.counts().resent); });
    m_endpoint.setHealthProbe([this]() -> std::optional<QString> {
        if (auto failure = m_worker.failure())
            return QString::fromStdString(*failure);
        if (auto failure = m_feed.failure())
            return QString::fromStdString(*failure);
        return std::nullopt;
    });
    m_accounts.registerRoutes(m_endpoint);
    m_orderController.registerRoutes(m_endpoint);
    m_stocks.registerRoutes(m_endpoint);
    m_stockQueries.registerRoutes(m_endpoint);
    m_marketController.registerRoutes(m_endpoint);
    m_analyticsRelay.registerRoutes(m_endpoint);
    m_config.registerRoutes(m_endpoint);
    m_stream.registerRoutes(m_endpoint);
    m_auth.onForget([this](const std::string& digest) { m_stream.sessionEnded(digest); });
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
    m_feed.start();
    m_bookWatcher.start();
    if (m_runMarketMaker)
        marketMakerSession(); // the account exists before anyone can register its name
    // Before any order can be placed, so that what an earlier run promised goes first.
    if (m_outbox.createdNow()) {
        // A database from before the outbox: its pending orders may never have left.
        if (const int resent = m_orderController.resendPending(); resent > 0)
            m_logger.info("platform-api", "pending orders sent again", {{"count", std::to_string(resent)}});
    }
    if (!m_outbox.recover())
        m_logger.warning("platform-api", "Kafka cannot be read yet: promised messages are sent once it can");
    const quint16 bound = m_endpoint.listen(address, port);
    const bool any =
        address == QHostAddress::Any || address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6;
    m_config.setService(
        QStringLiteral("platform-api"),
        QStringLiteral("http://%1:%2").arg(any ? QStringLiteral("127.0.0.1") : address.toString()).arg(bound));
    if (m_runMarketMaker)
        startMarketMaker(address, bound);
    return bound;
}

void PlatformApiService::stop() {
    m_marketMaker.reset(); // first: it calls the API
    m_bookWatcher.stop();
    m_endpoint.stop(); // then no HTTP thread runs a handler any more, and no stream is open

    m_feed.stop();
    m_worker.stop();
}

void PlatformApiService::startMarketMaker(const QHostAddress& address, quint16 port) {
    MarketMaker::Options options;
    const bool any =
        address == QHostAddress::Any || address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6;
    options.api.setScheme(QStringLiteral("http"));
    options.api.setHost(any ? QStringLiteral("127.0.0.1") : address.toString());
    options.api.setPort(port);
    options.openSession = [this] { return marketMakerSession(); };
    options.depositShares = [this](const std::string& symbol, std::int64_t qty, std::int64_t price) {
        depositShares(kMarketMaker, symbol, qty, price);
    };
    m_marketMaker = std::make_unique<MarketMaker>(options, m_logger);
    m_marketMaker->start();
}

std::string PlatformApiService::marketMakerSession() {
    const std::lock_guard lock(m_guard);
    auto user = m_users.user(kMarketMaker);
    if (!user) {
        // Nobody logs in as the market maker with a password: it gets its sessions from here.
        createUser(m_users, kMarketMaker, issueToken().token, Role::Trader, kMarketMakerCash, m_clock());
        user = m_users.user(kMarketMaker);
        m_logger.info("platform-api", "market-maker account created");
    }
    const IssuedToken token = issueToken();
    m_users.addSession(token.digest, user->id, m_clock() + AccountController::Options{}.tokenLifetimeMs);
    return token.token;
}

void PlatformApiService::depositShares(const std::string& username, const std::string& symbol, std::int64_t qty,
                                       std::int64_t price) {
    if (quantityError(qty) || priceBoundError(Price::fromTicks(price)))
        return; // only from the market maker, with a reference price that is itself bounded
    const std::lock_guard lock(m_guard);
    const auto user = m_users.user(username);
    if (!user)
        return;
    SqliteTransaction transaction(m_users.db());
    Account account = m_users.account(user->id);
    Holding& holding = account.holdings[symbol];
    holding.qty = checkedAdd(holding.qty, qty);
    holding.cost += Money::times(Price::fromTicks(price), qty);
    m_users.saveAccount(user->id, account);
    transaction.commit();
    m_logger.info("platform-api", "shares deposited",
                  {{"username", username}, {"symbol", symbol}, {"qty", std::to_string(qty)}});
}

} // namespace kse
