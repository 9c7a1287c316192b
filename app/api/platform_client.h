#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>
#include <functional>

namespace kse {

// The desktop's side of the platform API: asynchronous requests with the session's bearer
// token, answered through callbacks on the calling (UI) thread. `reachable` tells the status
// bar whether the last request got an answer at all.
class PlatformClient : public QObject {
    Q_OBJECT
public:
    struct Reply {
        int status = 0;    // 0: no answer (unreachable, timed out)
        QJsonDocument json;
        QString error;     // the API's {"error"} or the network's reason
        bool ok() const { return status >= 200 && status < 300; }
    };
    using Callback = std::function<void(const Reply&)>;

    explicit PlatformClient(QUrl api, QObject* parent = nullptr);

    const QUrl& api() const { return m_api; }
    void setToken(const QByteArray& token) { m_token = token; }
    bool signedIn() const { return !m_token.isEmpty(); }
    QString role() const { return m_role; } // "trader" or "admin", once signed in

    void get(const QString& pathAndQuery, Callback done);
    void post(const QString& path, const QJsonDocument& body, Callback done);
    void del(const QString& path, Callback done);

    // POST /api/v1/login; on success the token is kept for every later request.
    void login(const QString& username, const QString& password, Callback done);
    void registerUser(const QString& username, const QString& password, Callback done);

Q_SIGNALS:
    void reachabilityChanged(bool reachable);

private:
    void send(const QByteArray& verb, const QString& pathAndQuery, const QByteArray& body, Callback done);

    QUrl m_api;
    QByteArray m_token;
    QString m_role;
    QNetworkAccessManager m_network;
    bool m_reachable = true;
};

} // namespace kse
