#pragma once

#include <cstdint>
#include <string>

#include "contract/activity_message.h"
#include "kafka/message_sink.h"
#include "outbox/outbox.h"

namespace kse {

// What users do, on `user-activity` (key = user_id) for user-analytics: login and view_price.
// Best effort: a full or unreachable producer drops the event rather than fail the user's
// request. (place_order and cancel_order are promised by their 202: the order controller keeps
// them in the outbox.)
class ActivityPublisher {
public:
    explicit ActivityPublisher(MessageSink& sink) : m_sink(sink) {}
    void publish(const std::string& user, std::string_view action, std::int64_t ts, const std::string& symbol = {},
                 const std::string& orderId = {});
    // The message of an event that must not be dropped, for the outbox.
    static Outbox::Message message(const std::string& user, std::string_view action, std::int64_t ts,
                                   const std::string& symbol = {}, const std::string& orderId = {});

private:
    MessageSink& m_sink;
};

} // namespace kse
