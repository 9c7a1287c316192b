#pragma once

#include <QByteArray>
#include <QHttpServerResponse>
#include <QString>
#include <stdexcept>

namespace kse {

// Thrown by a handler; the endpoint turns it into `{"error": message}` with this status.
class HttpError : public std::runtime_error {
public:
    HttpError(QHttpServerResponse::StatusCode status, const QString& message);
    QHttpServerResponse::StatusCode status() const { return m_status; }
    const QString& message() const { return m_message; }

    static HttpError badRequest(const QString& message);
    static HttpError notFound(const QString& message);

private:
    QHttpServerResponse::StatusCode m_status;
    QString m_message;
};

// The one shape of every error body: {"error": "..."}.
QHttpServerResponse errorResponse(QHttpServerResponse::StatusCode status, const QString& message);
// A JSON body given as bytes, with the right content type.
QHttpServerResponse jsonResponse(const QByteArray& json,
                                 QHttpServerResponse::StatusCode status = QHttpServerResponse::StatusCode::Ok);

} // namespace kse
