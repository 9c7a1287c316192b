#pragma once

#include <string>
#include <vector>

#include "kafka/kafka_client_config.h"
#include "log/logger.h"

namespace kse {

// Creates missing topics on a real cluster through the Admin API; topics that exist are left
// as they are. Throws KafkaError when the cluster refuses or cannot be reached in time.
void ensureTopics(const KafkaClientConfig& kafka, const std::vector<std::string>& topics, int partitions,
                  Logger& logger, int timeoutMs = 30'000);

} // namespace kse
