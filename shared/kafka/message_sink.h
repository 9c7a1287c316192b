#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "kafka/delivery_wait.h"

namespace kse {

enum class ProduceStatus {
    Queued,      // accepted by the idempotent producer; it will be delivered or counted as failed
    QueueFull,   // the bounded backlog is full
    Unavailable, // no broker reachable
};

// Where services put outgoing messages. The producer implements it; tests use fakes.
class MessageSink {
public:
    virtual ~MessageSink() = default;
    // Whether `count` more messages would be accepted now (for all-or-nothing batches).
    virtual ProduceStatus canAccept(std::size_t count) const = 0;
    virtual ProduceStatus produce(std::string_view topic, std::string_view key, std::string_view value) = 0;
    // Like produce(), and `report` is called once with the message's delivery report (from the
    // producer's thread). A sink without delivery reports (a fake) reports a queued message
    // stored at once, at no partition or offset.
    virtual ProduceStatus produceReported(std::string_view topic, std::string_view key, std::string_view value,
                                          const DeliveryReport::Callback& report) {
        const ProduceStatus status = produce(topic, key, value);
        if (status == ProduceStatus::Queued)
            report(DeliveryReport{});
        return status;
    }
    // Like produce(), and the message's delivery report settles `wait`.
    ProduceStatus produceTracked(std::string_view topic, std::string_view key, std::string_view value,
                                 const std::shared_ptr<DeliveryWait>& wait) {
        wait->expect();
        const ProduceStatus status =
            produceReported(topic, key, value, [wait](const DeliveryReport& report) { wait->settle(report.outcome); });
        if (status != ProduceStatus::Queued)
            wait->withdraw();
        return status;
    }
};

} // namespace kse
