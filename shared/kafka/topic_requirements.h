#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kse {

// What KSE asks of its topics on a real cluster (docs/kafka.md, "Topics on a production
// cluster"), and what a topic that exists already falls short of. Pure: ensureTopics observes
// the cluster, this judges.
struct TopicSpec {
    std::string name;
    std::int64_t retentionMs = -1; // -1: for ever
    std::string why;               // why it must be kept that long
};

struct TopicPlan {
    int partitions = 6;
    int replicationFactor = 0; // 0: min(3, the cluster's brokers)
};

// What the cluster says of a topic that exists (nothing where it would not say).
struct ObservedTopic {
    int replicas = 0; // the fewest of any of its partitions
    std::optional<std::int64_t> retentionMs;
    std::optional<std::int64_t> retentionBytes;
    std::optional<int> minInsyncReplicas;
};

// The replication factor of new topics: the plan's, or three where the cluster has three brokers.
int replicationFactorFor(const TopicPlan& plan, int brokers);
// Two where three or more replicas hold a partition (a write survives one broker's loss, and
// writes go on while one is down); one below that.
int minInsyncReplicasFor(int replicationFactor);
// The topic-level settings of a new topic.
std::map<std::string, std::string> creationSettings(const TopicSpec& spec, int replicationFactor);
// Each way `observed` falls short of `spec` on a cluster whose factor is `replicationFactor`,
// one sentence each; empty when it does not.
std::vector<std::string> shortfalls(const TopicSpec& spec, int replicationFactor, const ObservedTopic& observed);

} // namespace kse
