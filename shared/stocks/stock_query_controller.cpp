#include "stocks/stock_query_controller.h"

#include <QUrlQuery>
#include <cstdio>

#include "codec/json_writer.h"
#include "contract/aggregate_message.h"
#include "http/http_error.h"
#include "http/query_parameters.h"

namespace kse {
namespace {

constexpr int kMaxCandles = 5'000;

std::string percent(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    return buffer;
}

} // namespace

std::string encodeStock(const StockQueries::Stock& stock) {
    const SessionStats& s = stock.stats;
    return JsonWriter()
        .field("symbol", stock.symbol)
        .field("price", s.last)
        .field("open", s.open)
        .field("high", s.high)
        .field("low", s.low)
        .number("change", Price::signedString(s.changeTicks()))
        .number("change_pct", percent(s.changePercent()))
        .field("volume", s.volume)
        .field("count", s.count)
        .field("updated", s.lastTs)
        .finish();
}

std::string encodeCandle(const Candle& candle) {
    JsonWriter writer;
    writeCandleFields(writer, candle);
    return writer.finish();
}

StockQueryController::StockQueryController(StockQueries& queries, ViewHook onView)
    : m_queries(queries), m_onView(std::move(onView)) {}

void StockQueryController::registerRoutes(HttpEndpoint& endpoint) {
    endpoint.route(QStringLiteral("/api/v1/stocks"), QHttpServerRequest::Method::Get,
                   [this](const QHttpServerRequest& request) { return stocks(request); });
    endpoint.route(QStringLiteral("/api/v1/stocks/<arg>"), QHttpServerRequest::Method::Get,
                   [this](const QString& symbol, const QHttpServerRequest& request) { return stock(symbol, request); });
    endpoint.route(
        QStringLiteral("/api/v1/stocks/<arg>/candles"), QHttpServerRequest::Method::Get,
        [this](const QString& symbol, const QHttpServerRequest& request) { return candles(symbol, request); });
}

QHttpServerResponse StockQueryController::stocks(const QHttpServerRequest&) {
    std::vector<std::string> items;
    for (const auto& stock : m_queries.stocks())
        items.push_back(encodeStock(stock));
    return jsonArray(items);
}

QHttpServerResponse StockQueryController::stock(const QString& symbol, const QHttpServerRequest& request) {
    const auto found = m_queries.stock(symbol.toStdString());
    if (!found)
        throw HttpError::notFound(QStringLiteral("unknown symbol %1").arg(symbol));
    if (m_onView)
        m_onView(found->symbol, request);
    return jsonResponse(QByteArray::fromStdString(encodeStock(*found)));
}

QHttpServerResponse StockQueryController::candles(const QString& symbol, const QHttpServerRequest& request) {
    const QUrlQuery query(request.url());
    StockQueries::CandleQuery q;
    const QString intervalText = query.hasQueryItem(QStringLiteral("interval"))
                                     ? query.queryItemValue(QStringLiteral("interval"))
                                     : QStringLiteral("1m");
    const auto interval = parseInterval(intervalText.toStdString());
    if (!interval)
        throw HttpError::badRequest(
            QStringLiteral("interval must be one of 1s, 1m, 5m, 1h (got '%1')").arg(intervalText));
    q.interval = *interval;
    q.from = integerParameter(query, QStringLiteral("from"), 0, std::numeric_limits<std::int64_t>::max());
    q.to = integerParameter(query, QStringLiteral("to"), 0, std::numeric_limits<std::int64_t>::max());
    q.limit = static_cast<int>(integerParameter(query, QStringLiteral("limit"), 1, kMaxCandles).value_or(500));
    if (q.from && q.to && *q.from > *q.to)
        throw HttpError::badRequest(QStringLiteral("from must not be after to"));
    if (!m_queries.knows(symbol.toStdString()))
        throw HttpError::notFound(QStringLiteral("unknown symbol %1").arg(symbol));
    if (m_onView)
        m_onView(symbol.toStdString(), request);
    std::vector<std::string> items;
    for (const Candle& candle : m_queries.candles(symbol.toStdString(), q))
        items.push_back(encodeCandle(candle));
    return jsonArray(items);
}

} // namespace kse
