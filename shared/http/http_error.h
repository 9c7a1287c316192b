#pragma once

#include <QByteArray>
#include <QHttpServerResponse>
#include <QString>
#include <stdexcept>

namespace kse {

// Thrown by a handler; the endpoint turns it into `{"error": message}` with this status.
class HttpError : public std::runtime_error {
public:
    HttpError(QHttpServerResponse::StatusCode status, const QString& message, int retryAfterSeconds = 0);
    QHttpServerResponse::StatusCode status() const { return m_status; }
    const QString& message() const { return m_message; }
    int retryAfterSeconds() const { return m_retryAfter; }

    static HttpError badRequest(const QString& message);
    static HttpError notFound(const QString& message);

private:
    QHttpServerResponse::StatusCode m_status;
    QString m_message;
    int m_retryAfter = 0;
};

// The one shape of every error body: {"error": "..."}.
// A Retry-After header goes with it when `retryAfterSeconds` > 0 (and with every 503).
QHttpServerResponse errorResponse(QHttpServerResponse::StatusCode status, const QString& message,
                                  int retryAfterSeconds = 0);
// A JSON body given as bytes, with the right content type.
QHttpServerResponse jsonResponse(const QByteArray& json,
                                 QHttpServerResponse::StatusCode status = QHttpServerResponse::StatusCode::Ok);

} // namespace kse
