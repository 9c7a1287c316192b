#include "platform_api/activity_publisher.h"

#include "contract/activity_message.h"
#include "contract/topics.h"

namespace kse {

void ActivityPublisher::publish(const std::string& user, std::string_view action, std::int64_t ts,
                                const std::string& symbol, const std::string& orderId) {
    m_sink.produce(topics::kUserActivity, user,
                   encodeActivityMessage({user, std::string(action), symbol, orderId, ts}));
}

} // namespace kse
