#pragma once

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <functional>
#include <mutex>

#include "http/http_endpoint.h"
#include "http/metrics_registry.h"
#include "platform_api/activity_publisher.h"
#include "platform_api/address_rate_limiter.h"
#include "platform_api/authenticator.h"
#include "platform_api/credentials.h"
#include "platform_api/login_throttle.h"
#include "platform_api/reference_prices.h"
#include "platform_api/user_store.h"

namespace kse {

// POST /api/v1/users, /login, /logout; GET /api/v1/portfolio; POST /api/v1/admin/deposits.
//
// The two anonymous entry points do the cheap checks first and hash last: a token per client
// address (`registrations`, `logins`: 429 before the body is even read), then the body and the
// name's shape, then (registration) reserved and taken names, (login) the throttle; only then a
// password hash, the one expensive step. Hashes are counted (kse_platform_password_hashes_total).
class AccountController {
public:
    struct Options {
        std::int64_t initialCash = 100'000LL * 10'000; // 100,000.00
        std::int64_t tokenLifetimeMs = 24LL * 3'600'000;
        PasswordHasher::Cost passwordCost = PasswordHasher::kDefaultCost;
        // All addresses together: at most this many hashes at once, then one every
        // hashIntervalMs (503 beyond). At ~30 ms a hash, 20 a second keep at least 40 % of the
        // platform's HTTP thread for everything else however many addresses a flood comes from.
        int hashBurst = 40;
        std::int64_t hashIntervalMs = 50;
    };

    AccountController(Options options, UserStore& users, ReferencePrices& prices, std::mutex& guard,
                      Authenticator& auth, LoginThrottle& throttle, AddressRateLimiter& registrations,
                      AddressRateLimiter& logins, ActivityPublisher& activity, MetricsRegistry& metrics,
                      std::function<std::int64_t()> clock);
    void registerRoutes(HttpEndpoint& endpoint);

    QHttpServerResponse registerUser(const QHttpServerRequest& request);
    QHttpServerResponse login(const QHttpServerRequest& request);
    QHttpServerResponse logout(const QHttpServerRequest& request);
    QHttpServerResponse portfolio(const QHttpServerRequest& request);
    QHttpServerResponse deposit(const QHttpServerRequest& request);

private:
    // Throws 429 when the request's client address has no token left in `limiter`.
    void admit(AddressRateLimiter& limiter, const QHttpServerRequest& request, MetricsRegistry::Counter& refused);
    // Takes one hash from the budget all addresses share (counted); throws 503 when it is spent.
    void spendHash();

    Options m_options;
    UserStore& m_users;
    ReferencePrices& m_prices;
    std::mutex& m_guard;
    Authenticator& m_auth;
    LoginThrottle& m_throttle;
    AddressRateLimiter& m_registrations;
    AddressRateLimiter& m_logins;
    ActivityPublisher& m_activity;
    MetricsRegistry::Counter& m_hashes;
    MetricsRegistry::Counter& m_hashesRefused;
    AddressRateLimiter m_hashBudget;
    MetricsRegistry::Counter& m_registrationsRefused;
    MetricsRegistry::Counter& m_loginsRefused;
    std::function<std::int64_t()> m_clock;
    PasswordHasher m_hasher;
    // What an unknown name's password is checked against, so that it costs what a wrong
    // password costs and the time of an answer does not tell which names exist.
    std::string m_dummyHash;
};

// Creates a user with a password hash (for --create-admin and the service's own accounts, whose
// names may be reserved ones); false when the name is taken.
bool createUser(UserStore& users, const std::string& username, const std::string& password, Role role,
                std::int64_t cash, std::int64_t now, const PasswordHasher& hasher = PasswordHasher{});

} // namespace kse
