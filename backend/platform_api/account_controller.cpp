#include "platform_api/account_controller.h"

#include <QJsonObject>

#include "codec/json_writer.h"
#include "domain/limits.h"
#include "domain/money.h"
#include "domain/price.h"
#include "domain/tick.h"
#include "http/http_error.h"
#include "http/json_body.h"
#include "platform_api/credentials.h"
#include "platform_api/request_fields.h"

namespace kse {
namespace {

constexpr std::int64_t kMaxDeposit = 1'000'000'000LL * 10'000; // 1,000,000,000.00
// What one account may hold after a deposit: room to spare below 2^63 ticks, so trades and
// reservations on top of it stay far from overflowing.
constexpr std::int64_t kMaxBalance = 100'000'000'000LL * 10'000; // 100,000,000,000.00
constexpr std::int64_t kMaxHolding = 1'000'000'000;               // shares of one symbol

QJsonObject objectBody(const QHttpServerRequest& request) {
    const QJsonValue body = parseJsonBody(request);
    if (!body.isObject())
        throw HttpError::badRequest(QStringLiteral("a JSON object is expected"));
    return body.toObject();
}

QString text(const std::string& s) { return QString::fromStdString(s); }

} // namespace

bool createUser(UserStore& users, const std::string& username, const std::string& password, Role role,
                std::int64_t cash, std::int64_t now, int iterations) {
    return users.createUser(username, PasswordHasher::hash(password, iterations), role, cash, now).has_value();
}

AccountController::AccountController(Options options, UserStore& users, ReferencePrices& prices, std::mutex& guard,
                                     Authenticator& auth, LoginThrottle& throttle, ActivityPublisher& activity,
                                     std::function<std::int64_t()> clock)
    : m_options(options)
    , m_users(users)
    , m_prices(prices)
    , m_guard(guard)
    , m_auth(auth)
    , m_throttle(throttle)
    , m_activity(activity)
    , m_clock(std::move(clock)) {}

void AccountController::registerRoutes(HttpEndpoint& endpoint) {
    using M = QHttpServerRequest::Method;
    endpoint.route(QStringLiteral("/api/v1/users"), M::Post, [this](const QHttpServerRequest& r) { return registerUser(r); });
    endpoint.route(QStringLiteral("/api/v1/login"), M::Post, [this](const QHttpServerRequest& r) { return login(r); });
    endpoint.route(QStringLiteral("/api/v1/logout"), M::Post, [this](const QHttpServerRequest& r) { return logout(r); });
    endpoint.route(QStringLiteral("/api/v1/portfolio"), M::Get, [this](const QHttpServerRequest& r) { return portfolio(r); });
    endpoint.route(QStringLiteral("/api/v1/admin/deposits"), M::Post,
                   [this](const QHttpServerRequest& r) { return deposit(r); });
}

QHttpServerResponse AccountController::registerUser(const QHttpServerRequest& request) {
    const QJsonObject body = objectBody(request);
    const RequestFields fields(body);
    const std::string username = fields.requiredString("username");
    const std::string password = fields.requiredString("password");
    if (auto error = usernameError(username))
        throw HttpError::badRequest(text(*error));
    if (auto error = passwordError(password))
        throw HttpError::badRequest(text(*error));
    const std::string hash = PasswordHasher::hash(password, m_options.passwordIterations); // slow: outside the lock
    std::optional<UserRecord> user;
    {
        const std::lock_guard lock(m_guard);
        user = m_users.createUser(username, hash, Role::Trader, m_options.initialCash, m_clock());
    }
    if (!user)
        throw HttpError(QHttpServerResponse::StatusCode::Conflict, QStringLiteral("username %1 is taken").arg(text(username)));
    return jsonResponse(QByteArray::fromStdString(JsonWriter()
                                                      .field("id", user->id)
                                                      .field("username", user->username)
                                                      .field("role", roleName(user->role))
                                                      .field("cash", Price::fromTicks(m_options.initialCash))
                                                      .finish()),
                        QHttpServerResponse::StatusCode::Created);
}

QHttpServerResponse AccountController::login(const QHttpServerRequest& request) {
    const QJsonObject body = objectBody(request);
    const RequestFields fields(body);
    const std::string username = fields.requiredString("username");
    const std::string password = fields.requiredString("password");
    const std::string key = QString::fromStdString(username).toLower().toStdString();
    const std::int64_t now = m_clock();
    if (const auto wait = m_throttle.retryAfter(key, now); wait > 0)
        throw HttpError(QHttpServerResponse::StatusCode::TooManyRequests,
                        QStringLiteral("too many failed logins; try again later"), static_cast<int>((wait + 999) / 1000));
    std::optional<UserRecord> user;
    {
        const std::lock_guard lock(m_guard);
        user = m_users.user(username);
    }
    // The same answer for an unknown name and a wrong password: never reveal which names exist.
    if (!user || !PasswordHasher::verify(password, user->passwordHash)) {
        m_throttle.failed(key, now);
        throw HttpError(QHttpServerResponse::StatusCode::Unauthorized, QStringLiteral("wrong username or password"));
    }
    m_throttle.succeeded(key);
    const IssuedToken token = issueToken();
    const std::int64_t expires = now + m_options.tokenLifetimeMs;
    {
        const std::lock_guard lock(m_guard);
        m_users.removeExpiredSessions(now);
        m_users.addSession(token.digest, user->id, expires);
    }
    m_activity.publish(user->username, "login", now);
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
        m_users.removeSession(tokenDigest(Authenticator::bearerToken(request)));
    }
    return jsonResponse(QByteArrayLiteral(R"({"message":"Logged out."})"));
}

QHttpServerResponse AccountController::portfolio(const QHttpServerRequest& request) {
    const Session session = m_auth.require(request);
    const std::lock_guard lock(m_guard);
    const Account account = m_users.account(session.userId);
    std::string positions = "[";
    Money unrealizedTotal;
    for (const auto& [symbol, h] : account.holdings) {
        const Price average = h.qty > 0 ? h.cost.perShare(h.qty) : Price();
        // A reference outside the bounds (from a store written before they existed) values
        // nothing: the average cost stands in.
        const auto reference = m_prices.of(symbol);
        const Price last = reference && !priceBoundError(*reference) ? *reference : average;
        const Money value = Money::times(last, h.qty);
        unrealizedTotal += value - h.cost;
        if (positions.size() > 1)
            positions += ',';
        positions += JsonWriter()
                         .field("symbol", symbol)
                         .field("qty", h.qty)
                         .field("reserved", h.reserved)
                         .field("avg_cost", average)
                         .field("last_price", last)
                         .number("market_value", value.toString())
                         .number("unrealized_pnl", (value - h.cost).toString())
                         .finish();
    }
    positions += ']';
    std::string out = JsonWriter()
                          .number("cash", account.cash.toString())
                          .number("reserved", account.reservedCash.toString())
                          .number("available", account.availableCash().toString())
                          .number("realized_pnl", account.realizedPnl.toString())
                          .number("unrealized_pnl", unrealizedTotal.toString())
                          .finish();
    out.insert(out.size() - 1, R"(,"positions":)" + positions);
    return jsonResponse(QByteArray::fromStdString(out));
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
