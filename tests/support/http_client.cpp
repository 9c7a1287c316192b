#include "support/http_client.h"

#include <QEventLoop>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <memory>

namespace kse::test {
namespace {

QNetworkRequest makeRequest(const QString& url) {
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(30'000);
    return request;
}

HttpReply toReply(QNetworkReply* reply) {
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
            reply->rawHeaderPairs()};
}

} // namespace

HttpClient::HttpClient(QString baseUrl) : m_baseUrl(std::move(baseUrl)) {}

HttpReply HttpClient::get(const QString& path) { return send(QStringLiteral("GET"), path, {}); }

HttpReply HttpClient::post(const QString& path, const QByteArray& body) {
    return send(QStringLiteral("POST"), path, body);
}

HttpReply HttpClient::del(const QString& path) { return send(QStringLiteral("DELETE"), path, {}); }

QNetworkRequest HttpClient::request(const QString& path) const {
    QNetworkRequest request = makeRequest(m_baseUrl + path);
    if (!m_bearer.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + m_bearer);
    return request;
}

HttpReply HttpClient::send(const QString& method, const QString& path, const QByteArray& body) {
    const QNetworkRequest request = this->request(path);
    std::unique_ptr<QNetworkReply> reply(m_network.sendCustomRequest(request, method.toLatin1(), body));
    QEventLoop loop;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    return toReply(reply.get());
}

void HttpClient::postMany(const QString& path, int count, int parallel, const std::function<QByteArray(int)>& body,
                          const std::function<void(int, const HttpReply&)>& done) {
    QEventLoop loop;
    int next = 0;
    int answered = 0;
    std::function<void()> sendNext = [&] {
        const int index = next++;
        QNetworkReply* reply = m_network.post(request(path), body(index));
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, index] {
            done(index, toReply(reply));
            reply->deleteLater();
            if (++answered == count)
                loop.quit();
            else if (next < count)
                sendNext();
        });
    };
    for (int i = 0; i < std::min(parallel, count); ++i)
        sendNext();
    if (count > 0)
        loop.exec();
}

} // namespace kse::test
