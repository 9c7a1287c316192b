#include "platform_api/market_controller.h"

#include <QUrlQuery>

#include "contract/activity_message.h"
#include "domain/tick.h"
#include "http/http_error.h"
#include "http/query_parameters.h"
#include "stocks/stock_query_controller.h"

namespace kse {

MarketController::MarketController(StockQueries& market, Authenticator& auth, ActivityPublisher& activity,
                                   BookSource books, std::function<std::int64_t()> clock)
    : m_market(market), m_auth(auth), m_activity(activity), m_books(std::move(books)), m_clock(std::move(clock)) {}

void MarketController::registerRoutes(HttpEndpoint& endpoint) {
    endpoint.route(QStringLiteral("/api/v1/price"), QHttpServerRequest::Method::Get,
                   [this](const QHttpServerRequest& request) { return price(request); });
    endpoint.route(QStringLiteral("/api/v1/book/<arg>"), QHttpServerRequest::Method::Get,
                   [this](const QString& symbol, const QHttpServerRequest& request) { return book(symbol, request); });
}

void MarketController::viewed(const std::string& symbol, const QHttpServerRequest& request) {
    // Prices are public; a view is attributed (and published) only when a signed-in user asks.
    if (Authenticator::bearerToken(request).empty())
        return;
    try {
        const Session session = m_auth.require(request);
        m_activity.publish(session.username, actions::kViewPrice, m_clock(), symbol);
    } catch (const HttpError&) {
        // An expired or unknown token on a public endpoint: an anonymous view.
    }
}

QHttpServerResponse MarketController::price(const QHttpServerRequest& request) {
    const QUrlQuery query(request.url());
    const std::string symbol = query.queryItemValue(QStringLiteral("id")).toStdString();
    if (symbol.empty())
        throw HttpError::badRequest(QStringLiteral("id (the symbol) is required"));
    if (auto error = symbolError(symbol))
        throw HttpError::badRequest(QStringLiteral("id: %1").arg(QString::fromStdString(*error)));
    const auto stock = m_market.stock(symbol);
    if (!stock)
        throw HttpError::notFound(QStringLiteral("unknown symbol %1").arg(QString::fromStdString(symbol)));
    viewed(symbol, request);
    return jsonResponse(QByteArray::fromStdString(encodeStock(*stock)));
}

QHttpServerResponse MarketController::book(const QString& symbol, const QHttpServerRequest& request) {
    m_auth.require(request);
    if (auto error = symbolError(symbol.toStdString()))
        throw HttpError::badRequest(QStringLiteral("symbol: %1").arg(QString::fromStdString(*error)));
    const auto depth = integerParameter(QUrlQuery(request.url()), QStringLiteral("depth"), 1, 100).value_or(10);
    const auto body = m_books(symbol.toStdString(), static_cast<int>(depth));
    if (!body)
        throw HttpError(QHttpServerResponse::StatusCode::ServiceUnavailable,
                        QStringLiteral("no order processor answers for %1 now").arg(symbol));
    return jsonResponse(*body);
}

} // namespace kse
