#include "http/json_body.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include "http/http_error.h"

namespace kse {

QByteArray limitedBody(const QHttpServerRequest& request, qsizetype maxBytes) {
    QByteArray body = request.body();
    if (body.size() > maxBytes)
        throw HttpError(QHttpServerResponse::StatusCode::PayloadTooLarge,
                        QStringLiteral("request body is larger than %1 bytes").arg(maxBytes));
    return body;
}

QJsonValue parseJsonBody(const QHttpServerRequest& request, qsizetype maxBytes) {
    const QByteArray body = limitedBody(request, maxBytes);
    if (body.trimmed().isEmpty())
        throw HttpError::badRequest(QStringLiteral("request body is empty; a JSON document is expected"));
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        throw HttpError::badRequest(
            QStringLiteral("invalid JSON at offset %1: %2").arg(error.offset).arg(error.errorString()));
    if (document.isArray())
        return document.array();
    return document.object();
}

} // namespace kse
