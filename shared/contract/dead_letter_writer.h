#pragma once

#include <cstdint>
#include <string_view>

#include "kafka/message_sink.h"

namespace kse {

// Puts a message a consumer cannot parse on `dead-letters`, keyed by its source topic, with the
// reason, so that the consumer can carry on and an operator can look at it later.
class DeadLetterWriter {
public:
    explicit DeadLetterWriter(MessageSink& sink);
    ProduceStatus write(std::string_view topic, std::int32_t partition, std::int64_t offset, std::string_view error,
                        std::string_view payload);

private:
    MessageSink& m_sink;
};

} // namespace kse
