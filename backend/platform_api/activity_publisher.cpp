#include "platform_api/activity_publisher.h"

#include "codec/json_writer.h"
#include "kafka/topics.h"

namespace kse {

void ActivityPublisher::publish(const std::string& user, std::string_view action, std::int64_t ts,
                                const std::string& symbol, const std::string& orderId) {
    JsonWriter writer;
    writer.field("user_id", user).field("action", action);
    if (!symbol.empty())
        writer.field("symbol", symbol);
    if (!orderId.empty())
        writer.field("order_id", orderId);
    m_sink.produce(topics::kUserActivity, user, writer.field("ts", ts).finish());
}

} // namespace kse
