#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

#include "api/stream_messages.h"

namespace kse {

// The desktop's end of the platform's stream (GET /api/v1/stream, docs/stream.md): one
// WebSocket with the session's token, subscribed to the user's orders, fills and portfolio, to
// the book of one symbol and to the best bid and ask of up to 40. When it drops, or stays silent for three heartbeats,
// it is opened again after a pause that doubles from 1 s up to 30 s, and subscribed again. While it is not live the
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
    // The symbols whose best bid and ask come as topChanged: at most kMaxTops (the platform
    // allows 50 subscriptions a connection; the orders, fills, portfolio and a book use four).
    static constexpr qsizetype kMaxTops = 40;
    void watchTops(QStringList symbols);
    QStringList watchedTops() const { return m_tops; }

Q_SIGNALS:
    // Live: everything below comes as it happens, and the caller should read once what may have
    // changed while it was not (subscriptions come first, so nothing falls in between).
    void liveChanged(bool live);
    void orderChanged(const kse::OrderRow& order);
    void filled(const kse::FillRow& fill);
    void portfolioChanged(const kse::Portfolio& portfolio);
    void bookChanged(const kse::BookDepth& book);
    void topChanged(const kse::TopOfBook& top);

private:
    void open();
    void received(const QString& text);
    void dropped();
    void setLive(bool live);
    void send(const QJsonObject& message);
    void subscribe(const QString& channel, const QString& symbol, bool on);

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
    QStringList m_tops;
};

} // namespace kse
