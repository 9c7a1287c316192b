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

HttpError OrderQueryController::notOwned(const QString& symbol, std::int32_t partition) {
    if (partition < 0)
        return {QHttpServerResponse::StatusCode::MisdirectedRequest,
                QStringLiteral("this order processor has no partitions of orders yet")};
    return {QHttpServerResponse::StatusCode::MisdirectedRequest,
            QStringLiteral("%1 is on partition %2 of orders, which another order processor owns")
                .arg(symbol)
                .arg(partition)};
}

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
    const auto found = m_depth.get(name, static_cast<std::size_t>(depth));
    if (!found.owned)
        throw notOwned(symbol, found.partition);
    return jsonResponse(QByteArray::fromStdString(encodeBook(name, found.book)));
}

QHttpServerResponse OrderQueryController::trades(const QString& symbol, const QHttpServerRequest& request) {
    const std::string name = checkedSymbol(symbol);
    // The owner's Orders DB holds the partition's whole history (a member that takes a partition
    // over stores the trades it replays); another member's holds only the part it matched.
    if (const auto owner = m_depth.owner(name); !owner.owned)
        throw notOwned(symbol, owner.partition);
    const auto limit =
        integerParameter(QUrlQuery(request.url()), QStringLiteral("limit"), 1, kMaxTrades).value_or(kDefaultTrades);
    std::vector<std::string> items;
    for (const auto& [trade, ts] : m_trades.trades(name, static_cast<int>(limit)))
        items.push_back(encodeTrade(trade, ts));
    return jsonArray(items);
}

} // namespace kse
