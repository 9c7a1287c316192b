#pragma once

#include <QObject>
#include <QTimer>
#include <QWebSocket>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "platform_api/stream_hub.h"
#include "platform_api/stream_protocol.h"
#include "platform_api/user_store.h"

namespace kse {

// One client's WebSocket on GET /api/v1/stream, on the HTTP thread that accepted it (a child of
// its socket). It answers the client's subscribe, unsubscribe and ping; sends a heartbeat (and a
// WebSocket ping) every heartbeatMs; and closes the connection when:
// - nothing has come from the client (not even a pong) for three heartbeats (1001);
// - the session has ended (logout or expiry; checked at each heartbeat) (1008);
// - the client sends binary frames or more messages than its rate allows (1008, 1003);
// - more than maxBacklogBytes wait to be written to it: a client too slow to read (1008).
class StreamSession : public QObject {
    Q_OBJECT
public:
    struct Options {
        std::int64_t heartbeatMs = 10'000;
        int maxSubscriptions = 50;
        qint64 maxMessageBytes = 4'096;           // a client's message
        qint64 maxBacklogBytes = 8 * 1024 * 1024; // queued for the client and not yet written
        int messagesPerSecond = 20;               // a client's messages, after a burst of `burst`
        int burst = 100;                          // room to subscribe to every channel at once, twice
    };
    // What a session asks of the platform.
    struct Platform {
        StreamHub& hub;
        // The session of the connection's token now, or nothing once it has ended.
        std::function<std::optional<Session>()> session;
        // The user's portfolio JSON (for a portfolio subscription's first message).
        std::function<std::string(std::int64_t userId)> portfolio;
        std::function<std::int64_t()> clock;
    };

    StreamSession(QWebSocket& socket, Session session, Options options, Platform platform);
    ~StreamSession() override;

    // The session's way in for the hub and the controller, from any thread.
    std::shared_ptr<StreamHub::Outlet> outlet() const;

private:
    class Outlet;

    void received(const QString& text);
    void heartbeat();
    void subscribe(const stream::Topic& topic);
    void unsubscribe(const stream::Topic& topic);
    void send(const std::string& message);
    void end(QWebSocketProtocol::CloseCode code, const QString& reason);
    bool withinRate();

    QWebSocket& m_socket;
    Session m_session;
    Options m_options;
    Platform m_platform;
    std::shared_ptr<Outlet> m_outlet;
    std::set<stream::Topic> m_topics;
    QTimer m_heartbeat;
    std::int64_t m_lastHeard = 0;
    double m_tokens = 0;
    std::int64_t m_tokensAt = 0;
    bool m_ended = false;
};

} // namespace kse
