#include "kafka/key_partition.h"

#include <librdkafka/rdkafka.h>

namespace kse {

std::int32_t keyPartition(std::string_view key, std::int32_t partitions) {
    // The very function the producers' "murmur2_random" partitioner calls for a message with a
    // key; it reads nothing but the key and the count.
    return rd_kafka_msg_partitioner_murmur2(nullptr, key.data(), key.size(), partitions, nullptr, nullptr);
}

} // namespace kse
