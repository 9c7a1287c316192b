#pragma once

#include <QHttpServerRequest>
#include <functional>
#include <mutex>

#include "platform_api/user_store.h"

namespace kse {

// Who is calling: the session of the request's bearer token, or HttpError 401; requireAdmin
// adds 403 for everyone else.
class Authenticator {
public:
    Authenticator(UserStore& users, std::mutex& guard, std::function<std::int64_t()> clock)
        : m_users(users), m_guard(guard), m_clock(std::move(clock)) {}

    Session require(const QHttpServerRequest& request);
    Session requireAdmin(const QHttpServerRequest& request);
    // The bearer token of a request, or empty.
    static std::string bearerToken(const QHttpServerRequest& request);

private:
    UserStore& m_users;
    std::mutex& m_guard;
    std::function<std::int64_t()> m_clock;
};

} // namespace kse
