#pragma once

#include <QByteArray>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "http/http_endpoint.h"
#include "platform_api/activity_publisher.h"
#include "platform_api/authenticator.h"
#include "stocks/stock_queries.h"

namespace kse {

// GET /api/v1/price?id=SYMBOL (public; a signed-in user's view is published as activity) and
// GET /api/v1/book/{symbol}?depth= (signed in; the order processor's book, relayed).
class MarketController {
public:
    // A valid symbol and depth → the order processor's JSON, or nothing when it cannot be reached.
    using BookSource = std::function<std::optional<QByteArray>(const std::string& symbol, int depth)>;

    MarketController(StockQueries& market, Authenticator& auth, ActivityPublisher& activity, BookSource books,
                     std::function<std::int64_t()> clock);
    void registerRoutes(HttpEndpoint& endpoint);
    // Where books come from (the order processor), for the stream's book channels too.
    const BookSource& books() const { return m_books; }

    QHttpServerResponse price(const QHttpServerRequest& request);
    QHttpServerResponse book(const QString& symbol, const QHttpServerRequest& request);
    // Publishes a view of `symbol` when a signed-in user asked; anonymous views are not counted.
    void viewed(const std::string& symbol, const QHttpServerRequest& request);

private:
    StockQueries& m_market;
    Authenticator& m_auth;
    ActivityPublisher& m_activity;
    BookSource m_books;
    std::function<std::int64_t()> m_clock;
};

} // namespace kse
