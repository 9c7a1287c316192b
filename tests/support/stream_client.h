#pragma once

#include <QJsonObject>
#include <QString>
#include <QWebSocket>
#include <deque>
#include <functional>
#include <optional>

namespace kse::test {

// A client of the platform's stream (GET /api/v1/stream), blocking for tests: every wait turns
// the event loop until its condition holds or its deadline passes.
class StreamClient {
public:
    // `httpBase` is the platform's http://host:port.
    explicit StreamClient(const QString& httpBase);

    // Opens the stream with `token` (none when empty); false when no connection came of it.
    bool open(const QByteArray& token, int timeoutMs = 10'000);
    void send(const QJsonObject& message);
    void subscribe(const QString& channel, const QString& symbol = {});
    // The first message not taken yet that `match` accepts (those before it stay), or nothing
    // when none came in time.
    std::optional<QJsonObject> next(const std::function<bool(const QJsonObject&)>& match, int timeoutMs = 15'000);
    // The first message not taken yet of `type`, taking it.
    std::optional<QJsonObject> nextOfType(const QString& type, int timeoutMs = 15'000);
    // Every message received and not taken.
    const std::deque<QJsonObject>& pending() const { return m_pending; }
    bool waitForClose(int timeoutMs = 15'000);
    bool connected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QWebSocket& socket() { return m_socket; }

private:
    QString m_url;
    QWebSocket m_socket;
    std::deque<QJsonObject> m_pending;
};

} // namespace kse::test
