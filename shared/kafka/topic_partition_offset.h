#pragma once

#include <cstdint>
#include <string>

namespace kse {

struct TopicPartitionOffset {
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t offset = 0; // the next offset to read
};

// Offsets with a meaning of their own; the values are librdkafka's, so they pass through unchanged.
namespace offsets {
inline constexpr std::int64_t kBeginning = -2;
inline constexpr std::int64_t kEnd = -1;
inline constexpr std::int64_t kUnset = -1001; // no start chosen: the group's committed offset applies
} // namespace offsets

} // namespace kse
