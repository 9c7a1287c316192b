#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kafka/topic_partition_offset.h"

namespace kse {

// One consumed message, owned. poll() refills the same one, so that its strings keep their
// buffers and a busy consumer does not allocate for every message.
struct SourceMessage {
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t offset = 0;
    std::int64_t timestamp = -1; // ms since the epoch; < 0 when the message has none
    bool hasKey = false;
    std::string key;
    std::string value;
};

// The group membership a transactional producer sends consumed offsets under. Opaque here: only
// the Kafka producer reads it (kafka/group_metadata.h).
struct GroupMetadata;

// Where services read messages from. The Kafka consumer implements it (KafkaMessageSource);
// tests use scripted sources. Rebalances reach the owner through the two hooks, called from
// inside poll() (or close()) before the assignment changes, so that state can be stored
// (revoked) or loaded and started from (assigned).
class MessageSource {
public:
    struct Options {
        std::string groupId;
        std::string clientId = "kse";
        // group.instance.id: static membership. Empty: dynamic membership.
        std::string instanceId;
        bool readCommitted = true;
        std::map<std::string, std::string> extra; // further client settings
    };
    using AssignedHook = std::function<void(std::vector<TopicPartitionOffset>&)>;
    using RevokedHook = std::function<void(const std::vector<TopicPartitionOffset>&)>;

    virtual ~MessageSource() = default;

    // Called with the partitions about to be assigned, their offsets set to offsets::kUnset; set
    // an offset (or kBeginning/kEnd) to start there instead of the committed one.
    virtual void onAssigned(AssignedHook hook) = 0;
    virtual void onRevoked(RevokedHook hook) = 0;

    virtual void subscribe(const std::vector<std::string>& topics) = 0;
    // Reads the given partitions outside any group rebalance (offset < 0: from the beginning).
    virtual void assign(const std::vector<TopicPartitionOffset>& partitions) = 0;
    // Fills `out` with the next message and returns true, or returns false after timeoutMs.
    virtual bool poll(SourceMessage& out, int timeoutMs) = 0;
    // Moves an assigned partition to `position.offset`.
    virtual void seek(const TopicPartitionOffset& position) = 0;

    // The group's offsets: for lag monitors, and for what a transaction already answered.
    virtual void commit(const std::vector<TopicPartitionOffset>& offsets) = 0;
    virtual void commitAsync(const std::vector<TopicPartitionOffset>& offsets) = 0;
    // The group's committed offsets of these partitions (offset < 0: none committed).
    virtual std::vector<TopicPartitionOffset> committed(const std::vector<TopicPartitionOffset>& partitions) = 0;

    // Low and high watermark of a partition.
    virtual std::pair<std::int64_t, std::int64_t> watermarks(const std::string& topic, std::int32_t partition) = 0;
    // Low and high watermark of a partition as the last fetch from it said (for readers of
    // committed messages, the high one is the last stable offset), without asking the broker;
    // nothing when not known yet.
    virtual std::optional<std::pair<std::int64_t, std::int64_t>> knownWatermarks(const std::string& /*topic*/,
                                                                                 std::int32_t /*partition*/) {
        return std::nullopt;
    }
    // Number of partitions of a topic (0 when it does not exist).
    virtual int partitionCount(const std::string& topic) = 0;
    // For each partition, the first offset whose timestamp (ms, given in the offset field) is at
    // or after it; -1 where there is none or the cluster cannot say.
    virtual std::vector<TopicPartitionOffset> offsetsForTimes(const std::vector<TopicPartitionOffset>& times) = 0;
    // This member's group metadata, for offsets sent with a transaction.
    virtual std::shared_ptr<const GroupMetadata> groupMetadata() = 0;

    // Leaves the group (revoking what is assigned through the hook). Idempotent.
    virtual void close() = 0;
};

} // namespace kse
