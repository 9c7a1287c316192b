#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "kafka/message_source_factory.h"

namespace kse {

// The messages at the end of a topic, counted by key and value: what a producer that lost its
// delivery reports reads to learn which of its messages are there already.
class TopicTail {
public:
    using Counts = std::unordered_map<std::string, int>;

    // One message's identity among the counts.
    static std::string identity(std::string_view key, std::string_view value);

    // From each partition's offset in `from` (a partition absent from it: from its beginning)
    // to the partition's end as it is when called. Nothing when the topic cannot be read in
    // `limit` (no broker, no such topic).
    static std::optional<Counts> read(MessageSourceFactory& sources, const std::string& topic,
                                      const std::map<std::int32_t, std::int64_t>& from,
                                      std::chrono::milliseconds limit);
};

} // namespace kse
