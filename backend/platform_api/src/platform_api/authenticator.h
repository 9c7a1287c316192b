#pragma once

#include <QHttpServerRequest>
#include <functional>
#include <mutex>
#include <optional>

#include "platform_api/lru_table.h"
#include "platform_api/user_store.h"

namespace kse {

// Who is calling: the session of the request's bearer token, or HttpError 401; requireAdmin
// adds 403 for everyone else. Safe on any thread. Sessions found in the Users DB are kept in
// memory (the most recent kSessionCacheSize), so a signed-in request costs no SQL and does not
// wait for the Users DB's guard; a session ends at its expiry or when forgotten (logout).
class Authenticator {
public:
    static constexpr std::size_t kSessionCacheSize = 100'000;

    Authenticator(UserStore& users, std::mutex& guard, std::function<std::int64_t()> clock)
        : m_users(users), m_guard(guard), m_clock(std::move(clock)), m_sessions(kSessionCacheSize) {}

    Session require(const QHttpServerRequest& request);
    // The live session of a bearer token, or nothing (no such token, expired, or logged out).
    std::optional<Session> sessionOf(const std::string& token);
    Session requireAdmin(const QHttpServerRequest& request);
    // Ends the session of `tokenDigest` here and in the Users DB, and tells the listener. Call
    // with the guard held.
    void forget(const std::string& tokenDigest);
    // Told of every session forget() ends (set before any request is served).
    void onForget(std::function<void(const std::string& tokenDigest)> listener) { m_forgotten = std::move(listener); }
    // The bearer token of a request, or empty.
    static std::string bearerToken(const QHttpServerRequest& request);

private:
    UserStore& m_users;
    std::mutex& m_guard;
    std::function<std::int64_t()> m_clock;
    std::mutex m_cacheMutex;      // after m_guard when both are held
    LruTable<Session> m_sessions; // by token digest
    std::function<void(const std::string&)> m_forgotten;
};

} // namespace kse
