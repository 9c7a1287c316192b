#include "support/topic_reader.h"

#include <chrono>
#include <gtest/gtest.h>
#include <map>

#include "kafka/consumer.h"

namespace kse::test {
namespace {

Consumer::Options readerOptions(const std::string& brokers) {
    Consumer::Options options;
    options.brokers = brokers;
    options.groupId = "kse-test-reader"; // never joined: partitions are assigned by hand
    options.clientId = "kse-test";
    return options;
}

} // namespace

std::vector<Record> readTopic(const std::string& brokers, const std::string& topic, int timeoutMs) {
    Logger logger(LogLevel::Warning);
    Consumer consumer(readerOptions(brokers), logger);
    const int partitions = consumer.partitionCount(topic);
    std::map<std::int32_t, std::int64_t> ends;
    std::vector<TopicPartitionOffset> starts;
    for (std::int32_t p = 0; p < partitions; ++p) {
        const auto [low, high] = consumer.watermarks(topic, p);
        if (high > low) {
            ends[p] = high;
            starts.push_back({topic, p, low});
        }
    }
    std::vector<Record> records;
    if (starts.empty())
        return records;
    consumer.assign(starts);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (!ends.empty() && std::chrono::steady_clock::now() < deadline) {
        auto message = consumer.poll(200);
        if (!message) {
            // Transaction markers and aborted messages take offsets but are never delivered:
            // where the consumer stands tells that a partition is read to its end.
            std::vector<RdKafka::TopicPartition*> positions;
            for (const auto& [partition, end] : ends)
                positions.push_back(RdKafka::TopicPartition::create(topic, partition));
            consumer.handle().position(positions);
            for (const auto* position : positions)
                if (position->offset() >= ends[position->partition()])
                    ends.erase(position->partition());
            RdKafka::TopicPartition::destroy(positions);
            continue;
        }
        const auto partition = message->partition();
        records.push_back({message->key() ? *message->key() : std::string(),
                           std::string(static_cast<const char*>(message->payload()), message->len()), partition,
                           message->offset()});
        if (auto it = ends.find(partition); it != ends.end() && message->offset() + 1 >= it->second)
            ends.erase(it);
    }
    EXPECT_TRUE(ends.empty()) << "timed out reading " << topic;
    return records;
}

std::int64_t endOffsetSum(const std::string& brokers, const std::string& topic) {
    Logger logger(LogLevel::Warning);
    Consumer consumer(readerOptions(brokers), logger);
    std::int64_t sum = 0;
    for (std::int32_t p = 0, n = consumer.partitionCount(topic); p < n; ++p)
        sum += consumer.watermarks(topic, p).second;
    return sum;
}

} // namespace kse::test
