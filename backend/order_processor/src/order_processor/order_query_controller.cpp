#include "order_processor/order_query_controller.h"

#include <QUrlQuery>

#include "domain/price.h"
#include "domain/tick.h"
#include "http/http_error.h"
#include "http/query_parameters.h"
#include "order_processor/order_event_codec.h"

namespace kse {
namespace {

std::string checkedSymbol(const QString& symbol) {
    std::string text = symbol.toStdString();
    if (auto error = symbolError(text))
        throw HttpError::badRequest(QStringLiteral("symbol: %1").arg(QString::fromStdString(*error)));
    return text;
}

} // namespace

OrderQueryController::OrderQueryController(BookDepthCache& depth, TradeQueries& trades)
    : m_depth(depth), m_trades(trades) {}

void OrderQueryController::registerRoutes(HttpEndpoint& endpoint) {
    endpoint.route(QStringLiteral("/api/v1/book/<arg>"), QHttpServerRequest::Method::Get,
                   [this](const QString& symbol, const QHttpServerRequest& request) { return book(symbol, request); });
    endpoint.route(
        QStringLiteral("/api/v1/trades/<arg>"), QHttpServerRequest::Method::Get,
        [this](const QString& symbol, const QHttpServerRequest& request) { return trades(symbol, request); });
}

QHttpServerResponse OrderQueryController::book(const QString& symbol, const QHttpServerRequest& request) {
    const std::string name = checkedSymbol(symbol);
    const auto depth = integerParameter(QUrlQuery(request.url()), QStringLiteral("depth"), 1,
                                        static_cast<std::int64_t>(BookDepthCache::kMaxDepth))
                           .value_or(kDefaultDepth);
    // A symbol no order has named yet has an empty book, not an error: any valid symbol can trade.
    const auto snapshot = m_depth.get(name, static_cast<std::size_t>(depth)).value_or(OrderBook::Snapshot{});
    return jsonResponse(QByteArray::fromStdString(encodeBook(name, snapshot)));
}

QHttpServerResponse OrderQueryController::trades(const QString& symbol, const QHttpServerRequest& request) {
    const std::string name = checkedSymbol(symbol);
    const auto limit =
        integerParameter(QUrlQuery(request.url()), QStringLiteral("limit"), 1, kMaxTrades).value_or(kDefaultTrades);
    std::vector<std::string> items;
    for (const auto& [trade, ts] : m_trades.trades(name, static_cast<int>(limit)))
        items.push_back(encodeTrade(trade, ts));
    return jsonArray(items);
}

} // namespace kse
