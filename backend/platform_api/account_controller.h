#pragma once

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <functional>
#include <mutex>

#include "http/http_endpoint.h"
#include "platform_api/activity_publisher.h"
#include "platform_api/authenticator.h"
#include "platform_api/login_throttle.h"
#include "platform_api/reference_prices.h"
#include "platform_api/user_store.h"

namespace kse {

// POST /api/v1/users, /login, /logout; GET /api/v1/portfolio; POST /api/v1/admin/deposits.
class AccountController {
public:
    struct Options {
        std::int64_t initialCash = 100'000LL * 10'000; // 100,000.00
        std::int64_t tokenLifetimeMs = 24LL * 3'600'000;
        int passwordIterations = 100'000;
    };

    AccountController(Options options, UserStore& users, ReferencePrices& prices, std::mutex& guard,
                      Authenticator& auth, LoginThrottle& throttle, ActivityPublisher& activity,
                      std::function<std::int64_t()> clock);
    void registerRoutes(HttpEndpoint& endpoint);

    QHttpServerResponse registerUser(const QHttpServerRequest& request);
    QHttpServerResponse login(const QHttpServerRequest& request);
    QHttpServerResponse logout(const QHttpServerRequest& request);
    QHttpServerResponse portfolio(const QHttpServerRequest& request);
    QHttpServerResponse deposit(const QHttpServerRequest& request);

private:
    Options m_options;
    UserStore& m_users;
    ReferencePrices& m_prices;
    std::mutex& m_guard;
    Authenticator& m_auth;
    LoginThrottle& m_throttle;
    ActivityPublisher& m_activity;
    std::function<std::int64_t()> m_clock;
};

// Creates a user with a password hash (for --create-admin and the service's own accounts);
// false when the name is taken.
bool createUser(UserStore& users, const std::string& username, const std::string& password, Role role,
                std::int64_t cash, std::int64_t now, int iterations = 100'000);

} // namespace kse
