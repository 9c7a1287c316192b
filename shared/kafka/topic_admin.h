#pragma once

#include <string>
#include <vector>

#include "kafka/kafka_client_config.h"
#include "kafka/topic_requirements.h"
#include "log/logger.h"

namespace kse {

// Creates missing topics on a real cluster through the Admin API, as `plan` and their specs say
// (replication factor, min.insync.replicas, retention: topic_requirements.h), and waits until
// every topic is served. Topics that exist are left as they are; what they fall short of is
// logged and returned, one sentence each. Throws KafkaError when the cluster refuses this client
// or cannot be reached in time, or when the plan's factor exceeds its brokers.
std::vector<std::string> ensureTopics(const KafkaClientConfig& kafka, const std::vector<TopicSpec>& specs,
                                      const TopicPlan& plan, Logger& logger, int timeoutMs = 30'000);

} // namespace kse
