#pragma once

#include <cstdint>
#include <string_view>

namespace kse {

// The partition a message keyed `key` goes to among `partitions`, as every KSE producer chooses
// it (librdkafka's murmur2, the Java client's default): a consumer that owns partitions knows
// which keys are its own. `partitions` must be at least 1.
std::int32_t keyPartition(std::string_view key, std::int32_t partitions);

} // namespace kse
