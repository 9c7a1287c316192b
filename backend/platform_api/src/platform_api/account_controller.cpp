#include "platform_api/account_controller.h"

#include <QJsonObject>
#include <algorithm>

#include "codec/json_writer.h"
#include "contract/activity_message.h"
#include "domain/limits.h"
#include "domain/money.h"
#include "domain/price.h"
#include "domain/tick.h"
#include "http/http_error.h"
#include "http/json_body.h"
#include "platform_api/account_views.h"
#include "platform_api/client_address.h"
#include "platform_api/request_fields.h"

namespace kse {
namespace {

constexpr std::int64_t kMaxDeposit = 1'000'000'000LL * 10'000; // 1,000,000,000.00
// What one account may hold after a deposit: room to spare below 2^63 ticks, so trades and
// reservations on top of it stay far from overflowing.
constexpr std::int64_t kMaxBalance = 100'000'000'000LL * 10'000; // 100,000,000,000.00
constexpr std::int64_t kMaxHolding = 1'000'000'000;              // shares of one symbol

QJsonObject objectBody(const QHttpServerRequest& request) {
    const QJsonValue body = parseJsonBody(request);
    if (!body.isObject())
        throw HttpError::badRequest(QStringLiteral("a JSON object is expected"));
    return body.toObject();
}

QString text(const std::string& s) { return QString::fromStdString(s); }

// Whole seconds for Retry-After, rounded up: a client that waits that long finds a token.
int seconds(std::int64_t ms) { return static_cast<int>(std::max<std::int64_t>((ms + 999) / 1000, 1)); }

HttpError wrongCredentials() {
    return HttpError(QHttpServerResponse::StatusCode::Unauthorized, QStringLiteral("wrong username or password"));
}

MetricsRegistry::Counter& refusedCounter(MetricsRegistry& metrics, const char* route) {
    return metrics.counter("kse_platform_rate_limited_total",
                           "Requests refused with 429 because their client address had no token left",
                           {{"route", route}});
}

} // namespace

bool createUser(UserStore& users, const std::string& username, const std::string& password, Role role,
                std::int64_t cash, std::int64_t now, const PasswordHasher& hasher) {
    return users.createUser(username, hasher.hash(password), role, cash, now).has_value();
}

AccountController::AccountController(Options options, UserStore& users, ReferencePrices& prices, std::mutex& guard,
                                     Authenticator& auth, LoginThrottle& throttle, AddressRateLimiter& registrations,
                                     AddressRateLimiter& logins, ActivityPublisher& activity, MetricsRegistry& metrics,
                                     std::function<std::int64_t()> clock)
    : m_options(options)
    , m_users(users)
    , m_prices(prices)
    , m_guard(guard)
    , m_auth(auth)
    , m_throttle(throttle)
    , m_registrations(registrations)
    , m_logins(logins)
    , m_activity(activity)
    , m_hashes(metrics.counter("kse_platform_password_hashes_total",
                               "Password hashes computed or verified for registrations and logins"))
    , m_hashesRefused(metrics.counter("kse_platform_password_hashes_refused_total",
                                      "Registrations and logins refused (503) because the hashing budget was spent"))
    , m_hashBudget(AddressRateLimiter::Policy{options.hashBurst, options.hashIntervalMs, 1})
    , m_registrationsRefused(refusedCounter(metrics, "/api/v1/users"))
    , m_loginsRefused(refusedCounter(metrics, "/api/v1/login"))
    , m_clock(std::move(clock))
    , m_hasher(options.passwordCost)
    , m_dummyHash(m_hasher.hash(issueToken().token)) {
    metrics.gauge("kse_platform_rate_limited_addresses", "Client addresses whose request budget is tracked",
                  [this] { return static_cast<double>(m_registrations.trackedAddresses()); },
                  {{"route", "/api/v1/users"}});
    metrics.gauge("kse_platform_rate_limited_addresses", "Client addresses whose request budget is tracked",
                  [this] { return static_cast<double>(m_logins.trackedAddresses()); }, {{"route", "/api/v1/login"}});
    metrics.gauge("kse_platform_login_failures_tracked",
                  "Names and (name, address) pairs with failed logins remembered",
                  [this] { return static_cast<double>(m_throttle.trackedPairs() + m_throttle.trackedNames()); });
}

void AccountController::spendHash() {
    if (const std::int64_t wait = m_hashBudget.take("all", m_clock()); wait > 0) {
        m_hashesRefused.fetch_add(1, std::memory_order_relaxed);
        throw HttpError(QHttpServerResponse::StatusCode::ServiceUnavailable,
                        QStringLiteral("too many sign-ins at once; try again in a moment"), seconds(wait));
    }
    m_hashes.fetch_add(1, std::memory_order_relaxed);
}

void AccountController::admit(AddressRateLimiter& limiter, const QHttpServerRequest& request,
                              MetricsRegistry::Counter& refused) {
    const std::int64_t wait = limiter.take(clientAddressKey(request.remoteAddress()), m_clock());
    if (wait > 0) {
        refused.fetch_add(1, std::memory_order_relaxed);
        throw HttpError(QHttpServerResponse::StatusCode::TooManyRequests,
                        QStringLiteral("too many requests from this address; try again later"), seconds(wait));
    }
}

void AccountController::registerRoutes(HttpEndpoint& endpoint) {
    using M = QHttpServerRequest::Method;
    endpoint.route(QStringLiteral("/api/v1/users"), M::Post,
                   [this](const QHttpServerRequest& r) { return registerUser(r); });
    endpoint.route(QStringLiteral("/api/v1/login"), M::Post, [this](const QHttpServerRequest& r) { return login(r); });
    endpoint.route(QStringLiteral("/api/v1/logout"), M::Post,
                   [this](const QHttpServerRequest& r) { return logout(r); });
    endpoint.route(
        QStringLiteral("/api/v1/portfolio"), M::Get, [this](const QHttpServerRequest& r) { return portfolio(r); },
        HttpEndpoint::Threading::Any);
    endpoint.route(QStringLiteral("/api/v1/admin/deposits"), M::Post,
                   [this](const QHttpServerRequest& r) { return deposit(r); });
}

QHttpServerResponse AccountController::registerUser(const QHttpServerRequest& request) {
    admit(m_registrations, request, m_registrationsRefused);
    const QJsonObject body = objectBody(request);
    const RequestFields fields(body);
    const std::string username = fields.requiredString("username");
    const std::string password = fields.requiredString("password");
    if (auto error = usernameError(username))
        throw HttpError::badRequest(text(*error));
    if (auto error = passwordError(password))
        throw HttpError::badRequest(text(*error));
    // 403, not 409: the name is not someone's, it is not for registration at all.
    if (isReservedUsername(username))
        throw HttpError(QHttpServerResponse::StatusCode::Forbidden,
                        QStringLiteral("username %1 is reserved").arg(text(username)));
    const auto taken = [&] {
        return HttpError(QHttpServerResponse::StatusCode::Conflict,
                         QStringLiteral("username %1 is taken").arg(text(username)));
    };
    {
        const std::lock_guard lock(m_guard);
        if (m_users.user(username))
            throw taken();
    }
    spendHash();
    const std::string hash = m_hasher.hash(password); // slow: outside the lock
    std::optional<UserRecord> user;
    {
        const std::lock_guard lock(m_guard);
        user = m_users.createUser(username, hash, Role::Trader, m_options.initialCash, m_clock());
    }
    if (!user) // taken meanwhile by another thread's registration or the service itself
        throw taken();
    return jsonResponse(QByteArray::fromStdString(JsonWriter()
                                                      .field("id", user->id)
                                                      .field("username", user->username)
                                                      .field("role", roleName(user->role))
                                                      .field("cash", Price::fromTicks(m_options.initialCash))
                                                      .finish()),
                        QHttpServerResponse::StatusCode::Created);
}

QHttpServerResponse AccountController::login(const QHttpServerRequest& request) {
    admit(m_logins, request, m_loginsRefused);
    const QJsonObject body = objectBody(request);
    const RequestFields fields(body);
    const std::string username = fields.requiredString("username");
    const std::string password = fields.requiredString("password");
    // A name or password that could never have been registered matches no one: answered at
    // once, remembered nowhere (such a name must never become a key of the throttle).
    if (usernameError(username) || passwordError(password))
        throw wrongCredentials();
    const std::string address = clientAddressKey(request.remoteAddress());
    const std::int64_t now = m_clock();
    if (const auto wait = m_throttle.retryAfter(username, address, now); wait > 0)
        throw HttpError(QHttpServerResponse::StatusCode::TooManyRequests,
                        QStringLiteral("too many failed logins; try again later"), seconds(wait));
    std::optional<UserRecord> user;
    {
        const std::lock_guard lock(m_guard);
        user = m_users.user(username);
    }
    // The same answer, and the same work, for an unknown name and a wrong password: never reveal
    // which names exist. (A user whose hash is still PBKDF2 costs more until the first login
    // replaces it.)
    // The shared budget keeps a flood from many addresses off the thread; an owner signing in from
    // where they have signed in before is not held to it, so the flood cannot shut them out.
    if (m_throttle.knownAddress(username, address))
        m_hashes.fetch_add(1, std::memory_order_relaxed);
    else
        spendHash();
    const bool matches = m_hasher.verify(password, user ? user->passwordHash : m_dummyHash);
    if (!user || !matches) {
        m_throttle.failed(username, address, now);
        throw wrongCredentials();
    }
    m_throttle.succeeded(username, address);
    if (m_hasher.needsRehash(user->passwordHash)) {
        m_hashes.fetch_add(1, std::memory_order_relaxed);
        const std::string stronger = m_hasher.hash(password);
        const std::lock_guard lock(m_guard);
        m_users.updatePasswordHash(user->id, stronger);
    }
    const IssuedToken token = issueToken();
    const std::int64_t expires = now + m_options.tokenLifetimeMs;
    {
        const std::lock_guard lock(m_guard);
        m_users.removeExpiredSessions(now);
        m_users.addSession(token.digest, user->id, expires);
    }
    m_activity.publish(user->username, actions::kLogin, now);
    return jsonResponse(QByteArray::fromStdString(JsonWriter()
                                                      .field("token", token.token)
                                                      .field("expires", expires)
                                                      .field("username", user->username)
                                                      .field("role", roleName(user->role))
                                                      .finish()));
}

QHttpServerResponse AccountController::logout(const QHttpServerRequest& request) {
    m_auth.require(request);
    {
        const std::lock_guard lock(m_guard);
        m_auth.forget(tokenDigest(Authenticator::bearerToken(request)));
    }
    return jsonResponse(QByteArrayLiteral(R"({"message":"Logged out."})"));
}

QHttpServerResponse AccountController::portfolio(const QHttpServerRequest& request) {
    const Session session = m_auth.require(request);
    const std::lock_guard lock(m_guard);
    return jsonResponse(QByteArray::fromStdString(portfolioJson(m_users.account(session.userId), m_prices)));
}

QHttpServerResponse AccountController::deposit(const QHttpServerRequest& request) {
    m_auth.requireAdmin(request);
    const QJsonObject body = objectBody(request);
    const RequestFields fields(body);
    const std::string username = fields.requiredString("username");
    const auto symbol = fields.optionalString("symbol");
    const auto cash = fields.optionalMoney("cash");
    if (symbol.has_value() == cash.has_value())
        throw HttpError::badRequest(QStringLiteral("give either cash, or symbol and qty"));
    if (symbol)
        if (auto error = symbolError(*symbol))
            throw HttpError::badRequest(QStringLiteral("symbol: %1").arg(text(*error)));
    if (cash && (*cash <= 0 || *cash > kMaxDeposit))
        throw HttpError::badRequest(QStringLiteral("cash must be positive and at most 1000000000"));
    const std::int64_t qty = symbol ? fields.requiredInteger("qty", 1, limits::kMaxQuantity) : 0;
    const Price avgCost = Price::fromTicks(symbol ? fields.optionalMoney("avg_cost").value_or(0) : 0);
    if (auto error = priceBoundError(avgCost, "avg_cost"))
        throw HttpError::badRequest(text(*error));

    const std::lock_guard lock(m_guard);
    const auto user = m_users.user(username);
    if (!user)
        throw HttpError::notFound(QStringLiteral("no user %1").arg(text(username)));
    SqliteTransaction transaction(m_users.db());
    Account account = m_users.account(user->id);
    try {
        if (cash) {
            account.cash += Money::fromTicks(*cash);
        } else {
            Holding& h = account.holdings[*symbol];
            h.qty = checkedAdd(h.qty, qty);
            if (h.qty > kMaxHolding)
                throw ArithmeticOverflow("holding");
            h.cost += Money::times(avgCost, qty);
        }
        if (account.cash > Money::fromTicks(kMaxBalance))
            throw ArithmeticOverflow("cash");
    } catch (const ArithmeticOverflow&) {
        throw HttpError(QHttpServerResponse::StatusCode::UnprocessableEntity,
                        QStringLiteral("the deposit would take the account beyond what it may hold"));
    }
    m_users.saveAccount(user->id, account);
    transaction.commit();
    JsonWriter writer;
    writer.field("username", user->username).number("cash", account.cash.toString());
    if (symbol)
        writer.field("symbol", *symbol).field("qty", account.holdings.at(*symbol).qty);
    return jsonResponse(QByteArray::fromStdString(writer.finish()));
}

} // namespace kse
