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
    // Any HTTP thread: each waits for its ticks' delivery reports, the others go on serving.
    constexpr auto any = HttpEndpoint::Threading::Any;
    endpoint.route(
        QStringLiteral("/api/v1/stock"), QHttpServerRequest::Method::Post,
        [this](const QHttpServerRequest& request) { return addStock(request); }, any);
    endpoint.route(
        QStringLiteral("/api/v1/stocks"), QHttpServerRequest::Method::Post,
        [this](const QHttpServerRequest& request) { return addStocks(request); }, any);
}

namespace {
std::string_view view(const QByteArray& bytes) { return {bytes.constData(), static_cast<std::size_t>(bytes.size())}; }
// How long a request waits for Kafka to confirm its ticks before answering 504.
constexpr std::chrono::milliseconds kDeliveryLimit{10'000};
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
    return answer(m_publisher.publishStored({&tick.value(), 1}, kDeliveryLimit), 1,
                  QByteArrayLiteral(R"({"message":"Successfully added stock."})"));
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
        m_publisher.publishStored(ticks.value(), kDeliveryLimit), ticks.value().size(),
        QStringLiteral(R"({"message":"Successfully added %1 stocks.","count":%1})").arg(ticks.value().size()).toUtf8());
}

QHttpServerResponse StockController::answer(const TickPublisher::Stored& stored, std::size_t count,
                                            const QByteArray& created) {
    using Status = QHttpServerResponse::StatusCode;
    if (stored.outcome == DeliveryWait::Outcome::Unconfirmed)
        throw HttpError(Status::GatewayTimeout,
                        QStringLiteral("Kafka has not confirmed the stocks in time; they may or may not be added"));
    if (static_cast<std::size_t>(stored.delivered) == count)
        return jsonResponse(created, Status::Created);
    if (stored.delivered > 0)
        throw HttpError(Status::ServiceUnavailable, QStringLiteral("Kafka stored %1 of the %2 stocks; the others "
                                                                   "were not added")
                                                        .arg(stored.delivered)
                                                        .arg(count));
    switch (stored.queued) {
    case ProduceStatus::Queued: break;
    case ProduceStatus::QueueFull:
        throw HttpError(Status::ServiceUnavailable, QStringLiteral("the ingest backlog is full; retry shortly"));
    case ProduceStatus::Unavailable:
        throw HttpError(Status::ServiceUnavailable, QStringLiteral("Kafka is unavailable; the stock was not added"));
    }
    throw HttpError(Status::ServiceUnavailable, QStringLiteral("Kafka did not store the stocks; they were not added"));
}

} // namespace kse
