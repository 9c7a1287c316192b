#pragma once

#include "kafka/consumer.h"
#include "kafka/message_source.h"

namespace kse {

// A MessageSource on librdkafka: the Consumer adapter that services read through.
class KafkaMessageSource final : public MessageSource {
public:
    KafkaMessageSource(Consumer::Options options, Logger& logger);

    void onAssigned(AssignedHook hook) override;
    void onRevoked(RevokedHook hook) override;
    void subscribe(const std::vector<std::string>& topics) override;
    void assign(const std::vector<TopicPartitionOffset>& partitions) override;
    bool poll(SourceMessage& out, int timeoutMs) override;
    void seek(const TopicPartitionOffset& position) override;
    void commit(const std::vector<TopicPartitionOffset>& offsets) override;
    void commitAsync(const std::vector<TopicPartitionOffset>& offsets) override;
    std::vector<TopicPartitionOffset> committed(const std::vector<TopicPartitionOffset>& partitions) override;
    std::pair<std::int64_t, std::int64_t> watermarks(const std::string& topic, std::int32_t partition) override;
    std::optional<std::pair<std::int64_t, std::int64_t>> knownWatermarks(const std::string& topic,
                                                                         std::int32_t partition) override;
    int partitionCount(const std::string& topic) override;
    std::vector<TopicPartitionOffset> offsetsForTimes(const std::vector<TopicPartitionOffset>& times) override;
    std::shared_ptr<const GroupMetadata> groupMetadata() override;
    void close() override;

private:
    Consumer m_consumer;
};

} // namespace kse
