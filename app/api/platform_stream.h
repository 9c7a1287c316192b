#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

#include "api/stream_messages.h"

namespace kse {

// The desktop's end of the platform's stream (GET /api/v1/stream, docs/stream.md): one
// WebSocket with the session's token, subscribed to the user's orders, fills and portfolio and to
// the book of one symbol. When it drops, or stays silent for three heartbeats, it is opened again
// after a pause that doubles from 1 s up to 30 s, and subscribed again. While it is not live the
// widgets poll the HTTP endpoints instead (see liveChanged).
class PlatformStream : public QObject {
    Q_OBJECT
public:
    explicit PlatformStream(QUrl api, QObject* parent = nullptr);
    ~PlatformStream() override;

    void start(const QByteArray& token);
    void stop();
    // Welcomed by the platform, and not dropped since.
    bool live() const { return m_live; }
    // The symbol whose book comes as bookChanged; empty for none.
    void watchBook(const QString& symbol);
    QString watchedBook() const { return m_book; }

Q_SIGNALS:
    // Live: everything below comes as it happens, and the caller should read once what may have
    // changed while it was not (subscriptions come first, so nothing falls in between).
    void liveChanged(bool live);
    void orderChanged(const kse::OrderRow& order);
    void filled(const kse::FillRow& fill);
    void portfolioChanged(const kse::Portfolio& portfolio);
    void bookChanged(const kse::BookDepth& book);

private:
    void open();
    void received(const QString& text);
    void dropped();
    void setLive(bool live);
    void send(const QJsonObject& message);
    void subscribeBook(const QString& symbol, bool on);

    QUrl m_url;
    QByteArray m_token;
    QWebSocket m_socket;
    QTimer m_retry;
    QTimer m_watchdog;
    QElapsedTimer m_lastHeard;
    std::int64_t m_heartbeatMs = 10'000;
    int m_pauseMs = 1'000;
    bool m_running = false;
    bool m_live = false;
    QString m_book;
};

} // namespace kse
