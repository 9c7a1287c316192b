#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QPair>
#include <QString>
#include <functional>

namespace kse::test {

struct HttpReply {
    int status = 0; // 0: no answer (connection refused, reset, timeout)
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray header(const QByteArray& name) const {
        for (const auto& [key, value] : headers)
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        return {};
    }
};

// Blocking HTTP for tests (runs a local event loop), plus a pipelined mode for load.
class HttpClient {
public:
    explicit HttpClient(QString baseUrl);

    HttpReply get(const QString& path);
    HttpReply post(const QString& path, const QByteArray& body);
    HttpReply del(const QString& path);
    // Sends `Authorization: Bearer TOKEN` with every later request (empty: none).
    void setBearer(const QByteArray& token) { m_bearer = token; }

    // Sends `count` POSTs with up to `parallel` in flight; `body(i)` makes the i-th body and
    // `done(i, reply)` sees each answer as it comes. Returns when all are answered.
    void postMany(const QString& path, int count, int parallel, const std::function<QByteArray(int)>& body,
                  const std::function<void(int, const HttpReply&)>& done);

private:
    HttpReply send(const QString& method, const QString& path, const QByteArray& body);
    QNetworkRequest request(const QString& path) const; // with the bearer, when there is one
    QString m_baseUrl;
    QByteArray m_bearer;
    QNetworkAccessManager m_network;
};

} // namespace kse::test
