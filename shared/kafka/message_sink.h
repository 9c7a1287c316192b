#pragma once

#include <cstddef>
#include <string_view>

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
};

} // namespace kse
