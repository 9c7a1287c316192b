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
    const std::lock_guard lock(m_guard);
    auto session = m_users.session(tokenDigest(token), m_clock());
    if (!session)
        throw HttpError(QHttpServerResponse::StatusCode::Unauthorized,
                        QStringLiteral("the token is invalid or expired"));
    return *session;
}

Session Authenticator::requireAdmin(const QHttpServerRequest& request) {
    Session session = require(request);
    if (session.role != Role::Admin)
        throw HttpError(QHttpServerResponse::StatusCode::Forbidden, QStringLiteral("this needs the admin role"));
    return session;
}

} // namespace kse
