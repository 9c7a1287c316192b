#include "stocks/stock_controller.h"

#include "contract/tick_codec.h"
#include "http/http_error.h"
#include "http/json_body.h"

namespace kse {

StockController::StockController(TickPublisher& publisher, MetricsRegistry& metrics, Clock clock, Authorize authorize)
    : m_publisher(publisher)
    , m_clock(std::move(clock))
    , m_authorize(std::move(authorize))
    , m_invalid(metrics.counter("kse_ticks_invalid_total", "Ticks refused by validation")) {}

void StockController::registerRoutes(HttpEndpoint& endpoint) {
    endpoint.route(QStringLiteral("/api/v1/stock"), QHttpServerRequest::Method::Post,
                   [this](const QHttpServerRequest& request) { return addStock(request); });
    endpoint.route(QStringLiteral("/api/v1/stocks"), QHttpServerRequest::Method::Post,
                   [this](const QHttpServerRequest& request) { return addStocks(request); });
}

namespace {
std::string_view view(const QByteArray& bytes) { return {bytes.constData(), static_cast<std::size_t>(bytes.size())}; }
} // namespace

QHttpServerResponse StockController::addStock(const QHttpServerRequest& request) {
    if (m_authorize)
        m_authorize(request);
    const QByteArray body = limitedBody(request);
    auto tick = decodeTick(view(body), m_clock());
    if (!tick) {
        m_invalid.fetch_add(1, std::memory_order_relaxed);
        throw HttpError::badRequest(QString::fromStdString(tick.error()));
    }
    return answer(m_publisher.publish(tick.value()), QByteArrayLiteral(R"({"message":"Successfully added stock."})"));
}

QHttpServerResponse StockController::addStocks(const QHttpServerRequest& request) {
    if (m_authorize)
        m_authorize(request);
    const QByteArray body = limitedBody(request);
    auto ticks = decodeTicks(view(body), m_clock());
    if (!ticks) {
        m_invalid.fetch_add(1, std::memory_order_relaxed);
        throw HttpError::badRequest(QString::fromStdString(ticks.error()));
    }
    return answer(
        m_publisher.publishAll(ticks.value()),
        QStringLiteral(R"({"message":"Successfully added %1 stocks.","count":%1})").arg(ticks.value().size()).toUtf8());
}

QHttpServerResponse StockController::answer(ProduceStatus status, const QByteArray& created) {
    switch (status) {
    case ProduceStatus::Queued: return jsonResponse(created, QHttpServerResponse::StatusCode::Created);
    case ProduceStatus::QueueFull:
        throw HttpError(QHttpServerResponse::StatusCode::ServiceUnavailable,
                        QStringLiteral("the ingest backlog is full; retry shortly"));
    case ProduceStatus::Unavailable: break;
    }
    throw HttpError(QHttpServerResponse::StatusCode::ServiceUnavailable,
                    QStringLiteral("Kafka is unavailable; the stock was not added"));
}

} // namespace kse
