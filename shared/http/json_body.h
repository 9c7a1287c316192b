#pragma once

#include <QHttpServerRequest>
#include <QJsonValue>

namespace kse {

constexpr qsizetype kDefaultMaxBodyBytes = 1 << 20;

// The request body, or HttpError 413 when it is larger than maxBytes.
QByteArray limitedBody(const QHttpServerRequest& request, qsizetype maxBytes = kDefaultMaxBodyBytes);

// The request body as JSON (an object or an array). Throws HttpError: 413 above maxBytes,
// 400 with the parser's reason for anything that is not one JSON document.
QJsonValue parseJsonBody(const QHttpServerRequest& request, qsizetype maxBytes = kDefaultMaxBodyBytes);

} // namespace kse
