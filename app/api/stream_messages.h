#pragma once

#include <QByteArray>
#include <QString>
#include <variant>

#include "api/platform_resources.h"
#include "domain/result.h"

namespace kse {

// The messages of the platform's stream (docs/stream.md) that the desktop acts on, decoded with
// the same checks as the HTTP answers of the same shapes.
struct StreamWelcome {
    QString username;
    std::int64_t heartbeatMs = 0;
};
// Every other message: subscribed, unsubscribed, heartbeat, pong, error (with its text), and
// the types the desktop does not ask for.
struct StreamNote {
    QString type;
    QString text;
};
using StreamMessage = std::variant<StreamWelcome, OrderRow, FillRow, Portfolio, BookDepth, TopOfBook, StreamNote>;

Result<StreamMessage> decodeStreamMessage(const QByteArray& json);

} // namespace kse
