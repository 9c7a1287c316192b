#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kafka/message_source.h"
#include "kafka/message_source_factory.h"

namespace kse::test {

// A MessageSource that plays a script, one step per poll(), over partitions whose messages the
// test writes beforehand: rebalances, deliveries from where each partition stands (the start
// the assignment hook chose, else the group's committed offset, as Kafka does), a message
// delivered again, idle polls. Played on the consumer's thread; the test waits for the end.
class ScriptedSource final : public MessageSource {
public:
    using Key = std::pair<std::string, std::int32_t>;

    // The log the source reads: values by offset (from 0).
    void write(const std::string& topic, std::int32_t partition, std::vector<std::string> values);
    // Message timestamps: offset N of any partition is stamped first + N ms (default 1,000).
    void stampFrom(std::int64_t first) { m_firstTimestamp = first; }
    // The group's committed offsets as the cluster holds them before the script starts.
    void setCommitted(const std::string& topic, std::int32_t partition, std::int64_t offset);

    // Script steps.
    void rebalanceTo(std::vector<Key> partitions); // what is assigned goes, then these come
    void revokeAll();
    void deliver(int count); // the next `count` messages, partitions taken in order
    void deliverAgain(const std::string& topic, std::int32_t partition, std::int64_t offset);
    void idle(); // one poll that finds nothing

    // Waits until every step was played and the consumer polled once more (so it acted on the
    // last step); false after timeoutMs.
    bool waitUntilPlayed(int timeoutMs = 10'000);
    // Where the assignment hooks chose to start, in order, and where the consumer sought.
    std::vector<TopicPartitionOffset> starts() const;
    std::vector<TopicPartitionOffset> seeks() const;
    // Every offset committed to the group, in order, and whether the consumer waited for it.
    struct Commit {
        TopicPartitionOffset offset;
        bool synchronous = false;
    };
    std::vector<Commit> commits() const;

    void onAssigned(AssignedHook hook) override { m_assigned = std::move(hook); }
    void onRevoked(RevokedHook hook) override { m_revoked = std::move(hook); }
    void subscribe(const std::vector<std::string>& topics) override { m_topics = topics; }
    void assign(const std::vector<TopicPartitionOffset>& partitions) override;
    bool poll(SourceMessage& out, int timeoutMs) override;
    void seek(const TopicPartitionOffset& position) override;
    void commit(const std::vector<TopicPartitionOffset>& offsets) override { record(offsets, true); }
    void commitAsync(const std::vector<TopicPartitionOffset>& offsets) override { record(offsets, false); }
    std::vector<TopicPartitionOffset> committed(const std::vector<TopicPartitionOffset>& partitions) override;
    std::pair<std::int64_t, std::int64_t> watermarks(const std::string& topic, std::int32_t partition) override;
    std::optional<std::pair<std::int64_t, std::int64_t>> knownWatermarks(const std::string& topic,
                                                                         std::int32_t partition) override {
        return watermarks(topic, partition);
    }
    int partitionCount(const std::string& topic) override;
    std::vector<TopicPartitionOffset> offsetsForTimes(const std::vector<TopicPartitionOffset>& times) override;
    std::shared_ptr<const GroupMetadata> groupMetadata() override { return nullptr; }
    void close() override;

private:
    struct Step {
        enum class Kind { Assign, Revoke, Deliver, DeliverAgain, Idle } kind;
        std::vector<Key> partitions;
        std::int64_t offset = 0;
    };
    bool play(const Step& step, SourceMessage& out);
    bool deliverNext(SourceMessage& out);
    void fill(SourceMessage& out, const Key& key, std::int64_t offset) const;
    void revokeEverything();
    void record(const std::vector<TopicPartitionOffset>& offsets, bool synchronous);

    mutable std::mutex m_mutex;
    std::condition_variable m_played;
    bool m_done = false;
    std::deque<Step> m_steps;
    std::map<Key, std::vector<std::string>> m_log;
    std::map<Key, std::int64_t> m_committed;
    std::map<Key, std::int64_t> m_position; // the assigned partitions: the next offset to deliver
    std::vector<TopicPartitionOffset> m_starts;
    std::vector<TopicPartitionOffset> m_seeks;
    mutable std::mutex m_commitsMutex; // commits come from hooks the script runs under m_mutex
    std::vector<Commit> m_commits;
    std::vector<std::string> m_topics;
    AssignedHook m_assigned;
    RevokedHook m_revoked;
    bool m_closed = false;
    std::int64_t m_firstTimestamp = 1'000;
};

// Hands out one prepared source.
class ScriptedSourceFactory final : public MessageSourceFactory {
public:
    explicit ScriptedSourceFactory(std::unique_ptr<ScriptedSource> source) : m_source(std::move(source)) {}
    std::unique_ptr<MessageSource> create(const MessageSource::Options& given) override;
    MessageSource::Options options; // what the consumer asked for

private:
    std::unique_ptr<ScriptedSource> m_source;
};

} // namespace kse::test
