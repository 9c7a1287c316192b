#include "platform_api/activity_publisher.h"

#include "contract/activity_message.h"
#include "contract/topics.h"

namespace kse {

Outbox::Message ActivityPublisher::message(const std::string& user, std::string_view action, std::int64_t ts,
                                           const std::string& symbol, const std::string& orderId) {
    return {topics::kUserActivity, user, encodeActivityMessage({user, std::string(action), symbol, orderId, ts})};
}

void ActivityPublisher::publish(const std::string& user, std::string_view action, std::int64_t ts,
                                const std::string& symbol, const std::string& orderId) {
    const Outbox::Message event = message(user, action, ts, symbol, orderId);
    m_sink.produce(event.topic, event.key, event.value);
}

} // namespace kse
