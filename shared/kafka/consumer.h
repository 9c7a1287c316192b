#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kafka/topic_partition_offset.h"
#include "log/logger.h"

namespace kse {

// A group member with manual commits. Rebalances reach the owner through the two hooks before
// the assignment changes, so state can be stored (revoked) or loaded and seeked to (assigned).
class Consumer {
public:
    struct Options {
        std::string brokers;
        std::string groupId;
        std::string clientId = "kse";
        bool readCommitted = true;
        std::map<std::string, std::string> extra;
        // The process's --kafka-config (security, tuning): applied over every other setting.
        std::map<std::string, std::string> properties;
    };
    using PartitionsHook = std::function<void(const std::vector<TopicPartitionOffset>&)>;

    Consumer(Options options, Logger& logger);
    ~Consumer();
    Consumer(const Consumer&) = delete;
    Consumer& operator=(const Consumer&) = delete;

    // Called with the partitions about to be assigned, their offsets set to OFFSET_INVALID; set
    // an offset (or OFFSET_END/OFFSET_BEGINNING) to start there instead of the committed one.
    void onAssigned(std::function<void(std::vector<TopicPartitionOffset>&)> hook);
    void onRevoked(PartitionsHook hook);

    void subscribe(const std::vector<std::string>& topics);
    // Reads the given partitions outside any group rebalance (offset < 0: from the beginning).
    void assign(const std::vector<TopicPartitionOffset>& partitions);

    // Next message or nullptr after timeoutMs; errors other than end-of-partition are logged. A
    // fatal error (a static member fenced) replaces the consumer with a new one of the same
    // identity, which joins the group again: the hooks see the partitions go and come back.
    std::unique_ptr<RdKafka::Message> poll(int timeoutMs);
    // Moves an assigned partition to `offset` (e.g. to replay from stored state).
    void seek(const TopicPartitionOffset& position, int timeoutMs = 5000);
    void commit(const std::vector<TopicPartitionOffset>& offsets);
    // The same without waiting for the broker's answer (errors are logged by librdkafka).
    void commitAsync(const std::vector<TopicPartitionOffset>& offsets);
    // Low and high watermark of a partition, asking its leader; a partition with no leader yet (a
    // topic created a moment ago) or whose leader went away is asked again, after fresh
    // metadata, until timeoutMs.
    std::pair<std::int64_t, std::int64_t> watermarks(const std::string& topic, std::int32_t partition,
                                                     int timeoutMs = 5000);
    // The group's committed offsets of these partitions (offset < 0: none committed), asking
    // the broker; for lag monitors, which need not join the group.
    std::vector<TopicPartitionOffset> committed(const std::vector<TopicPartitionOffset>& partitions,
                                                int timeoutMs = 5000);
    // Number of partitions of a topic, from the broker's metadata (0 when it does not exist).
    int partitionCount(const std::string& topic, int timeoutMs = 5000);
    // For each partition, the first offset at or after the time (ms) in its offset field; -1: none.
    // Asked again after fresh metadata, as watermarks() is, until timeoutMs.
    std::vector<TopicPartitionOffset> offsetsForTimes(const std::vector<TopicPartitionOffset>& times,
                                                      int timeoutMs = 10'000);
    // Why the cluster refused this client's credentials (SASL), from the first refusal; empty
    // while it has not. librdkafka keeps trying, so the owner decides whether to go on. Seen
    // once poll() has served the client's events.
    std::string refusal() const;
    RdKafka::KafkaConsumer& handle() { return *m_consumer; }
    void close();

private:
    class Rebalancer;
    void rejoin(const std::string& reason);
    void refreshMetadata(const std::string& topic, int timeoutMs);

    Logger& m_logger;
    std::unique_ptr<Rebalancer> m_rebalancer;
    std::unique_ptr<RdKafka::Conf> m_conf; // kept to make the consumer again (rejoin)
    std::vector<std::string> m_topics;     // subscribed to
    std::unique_ptr<RdKafka::KafkaConsumer> m_consumer;
    bool m_closed = false;
};

} // namespace kse
