#include "http/http_error.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace kse {

HttpError::HttpError(QHttpServerResponse::StatusCode status, const QString& message, int retryAfterSeconds)
    : std::runtime_error(message.toStdString())
    , m_status(status)
    , m_message(message)
    , m_retryAfter(retryAfterSeconds) {}

HttpError HttpError::badRequest(const QString& message) {
    return {QHttpServerResponse::StatusCode::BadRequest, message};
}

HttpError HttpError::notFound(const QString& message) { return {QHttpServerResponse::StatusCode::NotFound, message}; }

QHttpServerResponse errorResponse(QHttpServerResponse::StatusCode status, const QString& message,
                                  int retryAfterSeconds) {
    const QJsonObject body{{QStringLiteral("error"), message}};
    auto response = jsonResponse(QJsonDocument(body).toJson(QJsonDocument::Compact), status);
    if (retryAfterSeconds > 0)
        response.addHeader(QByteArrayLiteral("Retry-After"), QByteArray::number(retryAfterSeconds));
    else if (status == QHttpServerResponse::StatusCode::ServiceUnavailable)
        response.addHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1"));
    return response;
}

QHttpServerResponse jsonResponse(const QByteArray& json, QHttpServerResponse::StatusCode status) {
    return QHttpServerResponse(QByteArrayLiteral("application/json"), json, status);
}

} // namespace kse
