#include "platform_api/stream_controller.h"

#include <QTimer>
#include <set>
#include <unordered_map>

#include "codec/json_writer.h"
#include "http/http_error.h"
#include "platform_api/account_views.h"
#include "platform_api/credentials.h"
#include "platform_api/stream_protocol.h"

namespace kse {
namespace {

const QString kPath = QStringLiteral("/api/v1/stream");

std::string bearerOf(const QNetworkRequest& request) {
    const QByteArray header = request.rawHeader(QByteArrayLiteral("Authorization")).trimmed();
    if (header.size() < 7 || header.left(7).compare("Bearer ", Qt::CaseInsensitive) != 0)
        return {};
    return header.mid(7).trimmed().toStdString();
}

} // namespace

StreamController::StreamController(Options options, StreamHub& hub, Authenticator& auth, Portfolio portfolio,
                                   MetricsRegistry& metrics, std::function<std::int64_t()> clock)
    : m_options(options)
    , m_hub(hub)
    , m_auth(auth)
    , m_portfolio(std::move(portfolio))
    , m_clock(std::move(clock))
    , m_refused(
          metrics.counter("kse_stream_refused_total", "Stream connections refused: too many of one user or in all")) {
    metrics.gauge("kse_stream_connections", "Stream (WebSocket) connections open now",
                  [this] { return static_cast<double>(m_connections.load()); });
    metrics.gauge("kse_stream_subscriptions", "Stream subscriptions, over every connection",
                  [this] { return static_cast<double>(m_hub.subscriptions()); });
    metrics.gauge("kse_stream_messages_total", "Messages handed to stream connections since the start",
                  [this] { return static_cast<double>(m_hub.published()); });
}

void StreamController::registerRoutes(HttpEndpoint& endpoint) {
    endpoint.webSocket(
        kPath, [this](const QHttpServerRequest& request) { admit(request); },
        [this](QWebSocket* socket) { accept(socket); });
}

void StreamController::admit(const QHttpServerRequest& request) {
    const Session session = m_auth.require(request);
    if (m_connections.load() >= m_options.maxConnections) {
        m_refused.fetch_add(1, std::memory_order_relaxed);
        throw HttpError(QHttpServerResponse::StatusCode::ServiceUnavailable,
                        QStringLiteral("the stream serves %1 connections already").arg(m_options.maxConnections), 5);
    }
    const std::lock_guard lock(m_mutex);
    if (const auto it = m_perUser.find(session.userId); it != m_perUser.end() && it->second >= m_options.maxPerUser) {
        m_refused.fetch_add(1, std::memory_order_relaxed);
        throw HttpError(QHttpServerResponse::StatusCode::TooManyRequests,
                        QStringLiteral("at most %1 stream connections per user").arg(m_options.maxPerUser), 5);
    }
}

void StreamController::accept(QWebSocket* socket) {
    // Admitted a moment ago by its upgrade request; asked again, since the upgrade took a turn
    // of the event loop and the caps may have been reached meanwhile.
    const std::string token = bearerOf(socket->request());
    const auto session = m_auth.sessionOf(token);
    bool admitted = false;
    if (session) {
        const std::lock_guard lock(m_mutex);
        int& mine = m_perUser[session->userId];
        if (mine < m_options.maxPerUser && m_connections.load() < m_options.maxConnections) {
            ++mine;
            ++m_connections;
            admitted = true;
        } else if (mine == 0) {
            m_perUser.erase(session->userId);
        }
    }
    if (!admitted) {
        // Connected first: close() may say disconnected() before it returns.
        QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        socket->close(QWebSocketProtocol::CloseCodePolicyViolated, session
                                                                       ? QStringLiteral("too many stream connections")
                                                                       : QStringLiteral("the session has ended"));
        QTimer::singleShot(2'000, socket, &QObject::deleteLater);
        return;
    }
    StreamSession::Platform platform{m_hub, [this, token] { return m_auth.sessionOf(token); }, m_portfolio, m_clock};
    auto* stream = new StreamSession(*socket, *session, m_options.session, std::move(platform));
    const std::string digest = tokenDigest(token);
    const auto outlet = stream->outlet();
    {
        const std::lock_guard lock(m_mutex);
        m_byToken.emplace(digest, outlet);
    }
    QObject::connect(stream, &QObject::destroyed,
                     [this, userId = session->userId, digest, raw = outlet.get()] { release(userId, digest, raw); });
}

void StreamController::sessionEnded(const std::string& tokenDigest) {
    std::vector<std::shared_ptr<StreamHub::Outlet>> ending;
    {
        const std::lock_guard lock(m_mutex);
        const auto [from, to] = m_byToken.equal_range(tokenDigest);
        for (auto it = from; it != to; ++it)
            if (auto outlet = it->second.lock())
                ending.push_back(std::move(outlet));
    }
    for (const auto& outlet : ending)
        outlet->end("the session has ended");
}

void StreamController::release(std::int64_t userId, const std::string& tokenDigest, const StreamHub::Outlet* outlet) {
    const std::lock_guard lock(m_mutex);
    --m_connections;
    const auto [from, to] = m_byToken.equal_range(tokenDigest);
    for (auto it = from; it != to; ++it)
        if (it->second.expired() || it->second.lock().get() == outlet) {
            m_byToken.erase(it);
            break;
        }
    if (const auto it = m_perUser.find(userId); it != m_perUser.end() && --it->second <= 0)
        m_perUser.erase(it);
}

void StreamController::settled(const Settlement::Changes& changes) {
    std::set<std::int64_t> users;
    for (const PlatformOrder& order : changes.orders) {
        users.insert(order.userId);
        const std::string key = stream::userKey(stream::Channel::Orders, order.userId);
        if (m_hub.watched(key))
            m_hub.publish(key, stream::order(orderJson(order)));
    }
    for (const auto& fill : changes.fills) {
        const std::string key = stream::userKey(stream::Channel::Fills, fill.userId);
        if (m_hub.watched(key))
            m_hub.publish(key, stream::fill(fillJson(fill)));
    }
    for (std::int64_t userId : users) {
        const std::string key = stream::userKey(stream::Channel::Portfolio, userId);
        if (m_hub.watched(key))
            m_hub.publish(key, stream::portfolio(m_portfolio(userId)));
    }
}

void StreamController::candlesStored(const std::vector<AggregateMessage>& candles) {
    // A batch may hold several versions of one candle: only the newest of each goes out, in order.
    std::unordered_map<std::string, std::size_t> newest; // symbol and start → index
    for (std::size_t i = 0; i < candles.size(); ++i)
        if (candles[i].interval == Interval::Second1)
            newest[candles[i].symbol + '@' + std::to_string(candles[i].candle.start)] = i;
    for (std::size_t i = 0; i < candles.size(); ++i) {
        const AggregateMessage& c = candles[i];
        if (c.interval != Interval::Second1 || newest[c.symbol + '@' + std::to_string(c.candle.start)] != i)
            continue;
        const std::string key = stream::symbolKey(stream::Channel::Candles, c.symbol);
        if (!m_hub.watched(key))
            continue;
        JsonWriter writer;
        writeCandleFields(writer, c.candle);
        m_hub.publish(key, stream::candle(c.symbol, writer.finish()), true);
    }
}

} // namespace kse
