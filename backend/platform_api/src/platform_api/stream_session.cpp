#include "platform_api/stream_session.h"

#include <algorithm>
#include <atomic>
#include <mutex>

namespace kse {

// The hub's way to this session from any thread: a message is posted to the session's thread
// and written there. Once the session is gone, messages are dropped; a message posted just
// before is dropped by Qt with the session's pending events.
class StreamSession::Outlet final : public StreamHub::Outlet {
public:
    Outlet(StreamSession& session, qint64 maxBacklog) : m_session(&session), m_maxBacklog(maxBacklog) {}

    void deliver(const std::shared_ptr<const std::string>& message) override {
        const std::lock_guard lock(m_mutex);
        if (!m_session)
            return;
        const auto size = static_cast<qint64>(message->size());
        if (m_queued.fetch_add(size) + size > m_maxBacklog) {
            m_queued.fetch_sub(size);
            if (!m_overflowed) {
                m_overflowed = true;
                QMetaObject::invokeMethod(
                    m_session,
                    [s = m_session] {
                        s->end(QWebSocketProtocol::CloseCodePolicyViolated,
                               QStringLiteral("too slow: messages piled up unread"));
                    },
                    Qt::QueuedConnection);
            }
            return;
        }
        QMetaObject::invokeMethod(
            m_session,
            [s = m_session, message, size, this] {
                m_queued.fetch_sub(size);
                s->send(*message);
            },
            Qt::QueuedConnection);
    }

    void end(const std::string& reason) override {
        const std::lock_guard lock(m_mutex);
        if (m_session)
            QMetaObject::invokeMethod(
                m_session,
                [s = m_session, reason] {
                    s->end(QWebSocketProtocol::CloseCodePolicyViolated, QString::fromStdString(reason));
                },
                Qt::QueuedConnection);
    }

    // From the session's destructor: nothing reaches it from here on.
    void detach() {
        const std::lock_guard lock(m_mutex);
        m_session = nullptr;
    }

private:
    std::mutex m_mutex;
    StreamSession* m_session;
    qint64 m_maxBacklog;
    std::atomic<qint64> m_queued{0};
    bool m_overflowed = false;
};

StreamSession::StreamSession(QWebSocket& socket, Session session, Options options, Platform platform)
    : QObject(&socket)
    , m_socket(socket)
    , m_session(std::move(session))
    , m_options(options)
    , m_platform(std::move(platform))
    , m_outlet(std::make_shared<Outlet>(*this, options.maxBacklogBytes))
    , m_heartbeat(this) {
    m_lastHeard = m_platform.clock();
    m_tokens = m_options.burst;
    m_tokensAt = m_lastHeard;
    m_socket.setMaxAllowedIncomingMessageSize(static_cast<quint64>(m_options.maxMessageBytes));
    m_socket.setMaxAllowedIncomingFrameSize(static_cast<quint64>(m_options.maxMessageBytes));
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &StreamSession::received);
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this,
            [this] { end(QWebSocketProtocol::CloseCodeDatatypeNotSupported, QStringLiteral("text messages only")); });
    connect(&m_socket, &QWebSocket::pong, this, [this] { m_lastHeard = m_platform.clock(); });
    connect(&m_socket, &QWebSocket::disconnected, &m_socket, &QObject::deleteLater);
    connect(&m_heartbeat, &QTimer::timeout, this, &StreamSession::heartbeat);
    m_heartbeat.start(static_cast<int>(m_options.heartbeatMs));
    send(stream::welcome(m_session.username, m_options.heartbeatMs, m_options.maxSubscriptions));
}

StreamSession::~StreamSession() {
    m_outlet->detach();
    for (const stream::Topic& topic : m_topics)
        m_platform.hub.unsubscribe(stream::hubKey(topic, m_session.userId), m_outlet.get());
}

std::shared_ptr<StreamHub::Outlet> StreamSession::outlet() const { return m_outlet; }

bool StreamSession::withinRate() {
    const std::int64_t now = m_platform.clock();
    const auto burst = static_cast<double>(m_options.burst);
    m_tokens = std::min(burst, m_tokens + static_cast<double>(now - m_tokensAt) * m_options.messagesPerSecond / 1000.0);
    m_tokensAt = now;
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

void StreamSession::received(const QString& text) {
    if (m_ended)
        return;
    m_lastHeard = m_platform.clock();
    if (!withinRate())
        return end(QWebSocketProtocol::CloseCodePolicyViolated,
                   QStringLiteral("more than %1 messages a second").arg(m_options.messagesPerSecond));
    const std::string utf8 = text.toStdString();
    const auto command = stream::parseCommand(utf8);
    if (!command)
        return send(stream::error(command.error()));
    switch (command.value().op) {
    case stream::Command::Op::Ping: return send(stream::pong());
    case stream::Command::Op::Subscribe: return subscribe(command.value().topic);
    case stream::Command::Op::Unsubscribe: return unsubscribe(command.value().topic);
    }
}

void StreamSession::subscribe(const stream::Topic& topic) {
    if (m_topics.count(topic) == 0 && static_cast<int>(m_topics.size()) >= m_options.maxSubscriptions)
        return send(stream::error("subscription limit reached: at most " + std::to_string(m_options.maxSubscriptions) +
                                  " per connection"));
    const bool fresh = m_topics.insert(topic).second;
    // Confirmed before anything of the channel is sent, so the client knows what follows.
    send(stream::subscribed(topic, true));
    if (!fresh)
        return;
    const auto kept = m_platform.hub.subscribe(stream::hubKey(topic, m_session.userId), m_outlet);
    if (topic.channel == stream::Channel::Portfolio)
        send(stream::portfolio(m_platform.portfolio(m_session.userId)));
    else if (kept)
        send(*kept);
}

void StreamSession::unsubscribe(const stream::Topic& topic) {
    if (m_topics.erase(topic) > 0)
        m_platform.hub.unsubscribe(stream::hubKey(topic, m_session.userId), m_outlet.get());
    send(stream::subscribed(topic, false));
}

void StreamSession::heartbeat() {
    if (m_ended)
        return;
    const std::int64_t now = m_platform.clock();
    if (now - m_lastHeard > 3 * m_options.heartbeatMs)
        return end(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("no answer to three heartbeats"));
    if (!m_platform.session())
        return end(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("the session has ended"));
    send(stream::heartbeat(now));
    m_socket.ping();
}

void StreamSession::send(const std::string& message) {
    if (m_ended)
        return;
    // Qt buffers what the kernel will not take yet: a client that stops reading would hold the
    // platform's memory without this bound.
    if (m_socket.bytesToWrite() > m_options.maxBacklogBytes)
        return end(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too slow: messages piled up unread"));
    m_socket.sendTextMessage(QString::fromStdString(message));
}

void StreamSession::end(QWebSocketProtocol::CloseCode code, const QString& reason) {
    if (m_ended)
        return;
    m_ended = true;
    m_heartbeat.stop();
    m_socket.close(code, reason);
    // A client that does not answer the close handshake does not keep its connection.
    QTimer::singleShot(2'000, &m_socket, [socket = &m_socket] {
        socket->abort();
        socket->deleteLater();
    });
}

} // namespace kse
