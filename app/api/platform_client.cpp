#include "api/platform_client.h"

#include <QJsonObject>
#include <QNetworkReply>

namespace kse {

PlatformClient::PlatformClient(QUrl api, QObject* parent) : QObject(parent), m_api(std::move(api)) {}

void PlatformClient::send(const QByteArray& verb, const QString& pathAndQuery, const QByteArray& body, Callback done) {
    QUrl url = m_api;
    const qsizetype question = pathAndQuery.indexOf(QLatin1Char('?'));
    url.setPath(m_api.path() + pathAndQuery.left(question));
    if (question >= 0)
        url.setQuery(pathAndQuery.mid(question + 1));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setTransferTimeout(10'000);
    QNetworkReply* reply = m_network.sendCustomRequest(request, verb, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] {
        reply->deleteLater();
        Reply answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray bytes = reply->readAll();
        answer.json = QJsonDocument::fromJson(bytes);
        if (answer.status == 0)
            answer.error = reply->errorString();
        else if (!answer.ok())
            answer.error = answer.json.object().value(QLatin1String("error")).toString(
                QStringLiteral("HTTP %1").arg(answer.status));
        const bool reachable = answer.status != 0;
        if (reachable != m_reachable) {
            m_reachable = reachable;
            Q_EMIT reachabilityChanged(reachable);
        }
        if (done)
            done(answer);
    });
}

void PlatformClient::get(const QString& pathAndQuery, Callback done) { send("GET", pathAndQuery, {}, std::move(done)); }

void PlatformClient::post(const QString& path, const QJsonDocument& body, Callback done) {
    send("POST", path, body.toJson(QJsonDocument::Compact), std::move(done));
}

void PlatformClient::del(const QString& path, Callback done) { send("DELETE", path, {}, std::move(done)); }

void PlatformClient::login(const QString& username, const QString& password, Callback done) {
    const QJsonDocument body(QJsonObject{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}});
    post(QStringLiteral("/api/v1/login"), body, [this, done = std::move(done)](const Reply& reply) {
        if (reply.ok()) {
            m_token = reply.json.object().value(QLatin1String("token")).toString().toUtf8();
            m_role = reply.json.object().value(QLatin1String("role")).toString();
        }
        done(reply);
    });
}

void PlatformClient::registerUser(const QString& username, const QString& password, Callback done) {
    const QJsonDocument body(QJsonObject{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}});
    post(QStringLiteral("/api/v1/users"), body, std::move(done));
}

} // namespace kse
