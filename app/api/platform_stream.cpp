#include "api/platform_stream.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <algorithm>

namespace kse {
namespace {

constexpr int kFirstPauseMs = 1'000;
constexpr int kLongestPauseMs = 30'000;

QUrl streamUrl(QUrl api) {
    api.setScheme(api.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    api.setPath(QStringLiteral("/api/v1/stream"));
    api.setQuery(QString());
    return api;
}

} // namespace

PlatformStream::PlatformStream(QUrl api, QObject* parent) : QObject(parent), m_url(streamUrl(std::move(api))) {
    // The platform sends books of 20 levels and portfolios of many positions; nothing near this.
    m_socket.setMaxAllowedIncomingMessageSize(4 * 1024 * 1024);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &PlatformStream::received);
    connect(&m_socket, &QWebSocket::disconnected, this, &PlatformStream::dropped);
    connect(&m_socket, &QWebSocket::pong, this, [this] { m_lastHeard.restart(); });
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &PlatformStream::open);
    connect(&m_watchdog, &QTimer::timeout, this, [this] {
        if (m_lastHeard.isValid() && m_lastHeard.elapsed() > 3 * m_heartbeatMs)
            m_socket.abort(); // silent too long: a connection that died without a word
    });
}

PlatformStream::~PlatformStream() {
    // The socket says it disconnected while it is destroyed: nobody is to hear of it by then.
    QObject::disconnect(&m_socket, nullptr, this, nullptr);
}

void PlatformStream::start(const QByteArray& token) {
    m_token = token;
    m_running = true;
    m_pauseMs = kFirstPauseMs;
    open();
}

void PlatformStream::stop() {
    m_running = false;
    m_retry.stop();
    m_watchdog.stop();
    m_socket.close();
    setLive(false);
}

void PlatformStream::open() {
    if (!m_running)
        return;
    QNetworkRequest request(m_url);
    request.setRawHeader("Authorization", "Bearer " + m_token);
    m_lastHeard.start();
    m_watchdog.start(1'000);
    m_socket.open(request);
}

void PlatformStream::dropped() {
    setLive(false);
    m_watchdog.stop();
    if (!m_running)
        return;
    m_retry.start(m_pauseMs);
    m_pauseMs = std::min(2 * m_pauseMs, kLongestPauseMs);
}

void PlatformStream::setLive(bool live) {
    if (live == m_live)
        return;
    m_live = live;
    Q_EMIT liveChanged(live);
}

void PlatformStream::send(const QJsonObject& message) {
    m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void PlatformStream::subscribe(const QString& channel, const QString& symbol, bool on) {
    send(QJsonObject{{QStringLiteral("op"), on ? QStringLiteral("subscribe") : QStringLiteral("unsubscribe")},
                     {QStringLiteral("channel"), channel},
                     {QStringLiteral("symbol"), symbol}});
}

void PlatformStream::watchTops(QStringList symbols) {
    symbols.removeDuplicates();
    if (symbols.size() > kMaxTops)
        symbols.resize(kMaxTops);
    if (m_live) { // only what changed: the platform allows 20 messages a second
        for (const QString& gone : m_tops)
            if (!symbols.contains(gone))
                subscribe(QStringLiteral("top"), gone, false);
        for (const QString& added : symbols)
            if (!m_tops.contains(added))
                subscribe(QStringLiteral("top"), added, true);
    }
    m_tops = std::move(symbols);
}

void PlatformStream::watchBook(const QString& symbol) {
    if (symbol == m_book)
        return;
    if (m_live && !m_book.isEmpty())
        subscribe(QStringLiteral("book"), m_book, false);
    m_book = symbol;
    if (m_live && !m_book.isEmpty())
        subscribe(QStringLiteral("book"), m_book, true);
}

void PlatformStream::received(const QString& text) {
    m_lastHeard.restart();
    const auto message = decodeStreamMessage(text.toUtf8());
    if (!message)
        return; // a message this version cannot read changes nothing it shows
    std::visit(
        [this](const auto& m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, StreamWelcome>) {
                m_heartbeatMs = m.heartbeatMs;
                m_pauseMs = kFirstPauseMs;
                for (const QString& channel :
                     {QStringLiteral("orders"), QStringLiteral("fills"), QStringLiteral("portfolio")})
                    send(QJsonObject{{QStringLiteral("op"), QStringLiteral("subscribe")},
                                     {QStringLiteral("channel"), channel}});
                if (!m_book.isEmpty())
                    subscribe(QStringLiteral("book"), m_book, true);
                for (const QString& symbol : m_tops)
                    subscribe(QStringLiteral("top"), symbol, true);
                setLive(true);
            } else if constexpr (std::is_same_v<T, OrderRow>) {
                Q_EMIT orderChanged(m);
            } else if constexpr (std::is_same_v<T, FillRow>) {
                Q_EMIT filled(m);
            } else if constexpr (std::is_same_v<T, Portfolio>) {
                Q_EMIT portfolioChanged(m);
            } else if constexpr (std::is_same_v<T, BookDepth>) {
                if (m.symbol == m_book)
                    Q_EMIT bookChanged(m);
            } else if constexpr (std::is_same_v<T, TopOfBook>) {
                if (m_tops.contains(m.symbol))
                    Q_EMIT topChanged(m);
            }
        },
        message.value());
}

} // namespace kse
