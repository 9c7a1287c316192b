#pragma once

#include "support/http_client.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace kse::test {

// The JSON object an answer carries (empty when it carries none).
inline QJsonObject objectOf(const HttpReply& reply) { return QJsonDocument::fromJson(reply.body).object(); }
// An answer's {"error"} message.
inline QString errorOf(const HttpReply& reply) { return objectOf(reply).value(QLatin1String("error")).toString(); }
// A member read as the API writes numbers (JSON numbers; the tests compare them with exact
// decimal values such as 100100.0).
inline double number(const QJsonObject& object, const char* name) {
    return object.value(QLatin1String(name)).toDouble();
}

} // namespace kse::test
