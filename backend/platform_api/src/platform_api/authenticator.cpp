#include "platform_api/authenticator.h"

#include "http/http_error.h"
#include "platform_api/credentials.h"

namespace kse {

std::string Authenticator::bearerToken(const QHttpServerRequest& request) {
    const QByteArray header = request.value(QByteArrayLiteral("Authorization")).trimmed();
    if (!header.startsWith("Bearer ") && !header.startsWith("bearer "))
        return {};
    return header.mid(7).trimmed().toStdString();
}

Session Authenticator::require(const QHttpServerRequest& request) {
    const std::string token = bearerToken(request);
    if (token.empty())
        throw HttpError(QHttpServerResponse::StatusCode::Unauthorized,
                        QStringLiteral("a bearer token is required (POST /api/v1/login)"));
    auto session = sessionOf(token);
    if (!session)
        throw HttpError(QHttpServerResponse::StatusCode::Unauthorized,
                        QStringLiteral("the token is invalid or expired"));
    return *session;
}

std::optional<Session> Authenticator::sessionOf(const std::string& token) {
    const std::string digest = tokenDigest(token);
    const std::int64_t now = m_clock();
    {
        const std::lock_guard cache(m_cacheMutex);
        if (const Session* known = m_sessions.find(digest); known && known->expires > now)
            return *known;
    }
    const std::lock_guard lock(m_guard);
    auto session = m_users.session(digest, now);
    if (!session)
        return std::nullopt;
    const std::lock_guard cache(m_cacheMutex);
    m_sessions.touch(digest) = *session;
    return session;
}

void Authenticator::forget(const std::string& tokenDigest) {
    {
        const std::lock_guard cache(m_cacheMutex);
        m_sessions.erase(tokenDigest);
    }
    m_users.removeSession(tokenDigest);
    if (m_forgotten)
        m_forgotten(tokenDigest);
}

Session Authenticator::requireAdmin(const QHttpServerRequest& request) {
    Session session = require(request);
    if (session.role != Role::Admin)
        throw HttpError(QHttpServerResponse::StatusCode::Forbidden, QStringLiteral("this needs the admin role"));
    return session;
}

} // namespace kse
