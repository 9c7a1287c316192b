#include "support/stream_client.h"

#include <QJsonDocument>
#include <QNetworkRequest>

#include "support/wait.h"

namespace kse::test {

StreamClient::StreamClient(const QString& httpBase) : m_url(httpBase) {
    m_url.replace(QStringLiteral("http://"), QStringLiteral("ws://"));
    m_url += QStringLiteral("/api/v1/stream");
    QObject::connect(&m_socket, &QWebSocket::textMessageReceived, &m_socket, [this](const QString& text) {
        m_pending.push_back(QJsonDocument::fromJson(text.toUtf8()).object());
    });
}

bool StreamClient::open(const QByteArray& token, int timeoutMs) {
    QNetworkRequest request{QUrl(m_url)};
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    bool failed = false;
    const auto connection = QObject::connect(&m_socket, &QWebSocket::disconnected, &m_socket, [&] { failed = true; });
    m_socket.open(request);
    waitUntil([&] { return failed || connected(); }, timeoutMs);
    QObject::disconnect(connection);
    return connected();
}

void StreamClient::send(const QJsonObject& message) {
    m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void StreamClient::subscribe(const QString& channel, const QString& symbol) {
    QJsonObject message{{QStringLiteral("op"), QStringLiteral("subscribe")}, {QStringLiteral("channel"), channel}};
    if (!symbol.isEmpty())
        message.insert(QStringLiteral("symbol"), symbol);
    send(message);
}

std::optional<QJsonObject> StreamClient::next(const std::function<bool(const QJsonObject&)>& match, int timeoutMs) {
    std::optional<QJsonObject> found;
    waitUntil(
        [&] {
            for (auto it = m_pending.begin(); it != m_pending.end(); ++it)
                if (match(*it)) {
                    found = *it;
                    m_pending.erase(it);
                    return true;
                }
            return false;
        },
        timeoutMs);
    return found;
}

std::optional<QJsonObject> StreamClient::nextOfType(const QString& type, int timeoutMs) {
    return next([&](const QJsonObject& m) { return m.value(QLatin1String("type")).toString() == type; }, timeoutMs);
}

bool StreamClient::waitForClose(int timeoutMs) {
    return waitUntil([&] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
}

} // namespace kse::test
