#include "platform_api/config_controller.h"

#include "codec/json_writer.h"
#include "contract/topics.h"
#include "http/http_error.h"

namespace kse {

ConfigController::ConfigController(QString brokers, QMap<QString, QString> services, std::int64_t marketProtectionBps)
    : m_brokers(std::move(brokers)), m_services(std::move(services)), m_marketProtectionBps(marketProtectionBps) {}

void ConfigController::registerRoutes(HttpEndpoint& endpoint) {
    endpoint.route(QStringLiteral("/api/v1/config"), QHttpServerRequest::Method::Get,
                   [this](const QHttpServerRequest&) { return config(); });
}

QHttpServerResponse ConfigController::config() const {
    JsonWriter topicNames;
    topicNames.field("stock_ingress", topics::kStockIngress)
        .field("stock_aggregates", topics::kStockAggregates)
        .field("orders", topics::kOrders)
        .field("order_events", topics::kOrderEvents)
        .field("trades", topics::kTrades)
        .field("user_activity", topics::kUserActivity)
        .field("dead_letters", topics::kDeadLetters);
    const std::string kafka = JsonWriter().field("brokers", m_brokers.toStdString()).finish();
    JsonWriter services;
    for (auto it = m_services.cbegin(); it != m_services.cend(); ++it)
        services.field(it.key().toStdString(), it.value().toStdString());
    std::string body = R"({"kafka":)" + kafka.substr(0, kafka.size() - 1) + R"(,"topics":)" + topicNames.finish() +
                       R"(},"services":)" + services.finish() + R"(,"orders":)" +
                       JsonWriter().field("market_protection_bps", m_marketProtectionBps).finish() + "}";
    return jsonResponse(QByteArray::fromStdString(body));
}

} // namespace kse
