#include "kafka/kafka_message_source.h"

#include <algorithm>
#include <librdkafka/rdkafka.h>

#include "kafka/group_metadata.h"

namespace kse {

static_assert(offsets::kBeginning == RD_KAFKA_OFFSET_BEGINNING);
static_assert(offsets::kEnd == RD_KAFKA_OFFSET_END);
static_assert(offsets::kUnset == RD_KAFKA_OFFSET_INVALID);

namespace {
// Broker questions wait this long: long enough for a partition whose leader died to get a new
// one (the controller waits broker.session.timeout.ms, 9 s by default, then elects), so that a
// question asked meanwhile is answered rather than failing its consumer. The committed offsets
// of a transactional reader decide what is answered again, so they are worth as long.
constexpr int kQueryTimeoutMs = 30'000;
constexpr int kCommittedTimeoutMs = 30'000;
} // namespace

KafkaMessageSource::KafkaMessageSource(Consumer::Options options, Logger& logger)
    : m_consumer(std::move(options), logger) {}

void KafkaMessageSource::onAssigned(AssignedHook hook) { m_consumer.onAssigned(std::move(hook)); }

void KafkaMessageSource::onRevoked(RevokedHook hook) { m_consumer.onRevoked(std::move(hook)); }

void KafkaMessageSource::subscribe(const std::vector<std::string>& topics) { m_consumer.subscribe(topics); }

void KafkaMessageSource::assign(const std::vector<TopicPartitionOffset>& partitions) { m_consumer.assign(partitions); }

bool KafkaMessageSource::poll(SourceMessage& out, int timeoutMs) {
    const auto message = m_consumer.poll(timeoutMs);
    if (!message)
        return false;
    // The C name, not topic_name(): that makes a new std::string for every message.
    const char* topic = rd_kafka_topic_name(message->c_ptr()->rkt);
    out.topic.assign(topic ? topic : "");
    out.partition = message->partition();
    out.offset = message->offset();
    out.timestamp = message->timestamp().type == RdKafka::MessageTimestamp::MSG_TIMESTAMP_NOT_AVAILABLE
                        ? -1
                        : message->timestamp().timestamp;
    out.hasKey = message->key_pointer() != nullptr;
    out.key.assign(out.hasKey ? static_cast<const char*>(message->key_pointer()) : "",
                   out.hasKey ? message->key_len() : 0);
    out.value.assign(message->payload() ? static_cast<const char*>(message->payload()) : "", message->len());
    return true;
}

void KafkaMessageSource::seek(const TopicPartitionOffset& position) { m_consumer.seek(position); }

void KafkaMessageSource::commit(const std::vector<TopicPartitionOffset>& offsets) { m_consumer.commit(offsets); }

void KafkaMessageSource::commitAsync(const std::vector<TopicPartitionOffset>& offsets) {
    m_consumer.commitAsync(offsets);
}

std::vector<TopicPartitionOffset> KafkaMessageSource::committed(const std::vector<TopicPartitionOffset>& partitions) {
    return m_consumer.committed(partitions, kCommittedTimeoutMs);
}

std::pair<std::int64_t, std::int64_t> KafkaMessageSource::watermarks(const std::string& topic, std::int32_t partition) {
    return m_consumer.watermarks(topic, partition, kQueryTimeoutMs);
}

std::optional<std::pair<std::int64_t, std::int64_t>> KafkaMessageSource::knownWatermarks(const std::string& topic,
                                                                                         std::int32_t partition) {
    std::int64_t low = 0;
    std::int64_t high = 0;
    if (m_consumer.handle().get_watermark_offsets(topic, partition, &low, &high) != RdKafka::ERR_NO_ERROR || high < 0)
        return std::nullopt;
    return std::pair{std::max<std::int64_t>(low, 0), high};
}

int KafkaMessageSource::partitionCount(const std::string& topic) {
    return m_consumer.partitionCount(topic, kQueryTimeoutMs);
}

std::vector<TopicPartitionOffset> KafkaMessageSource::offsetsForTimes(const std::vector<TopicPartitionOffset>& times) {
    return m_consumer.offsetsForTimes(times, kQueryTimeoutMs);
}

std::shared_ptr<const GroupMetadata> KafkaMessageSource::groupMetadata() {
    auto metadata = std::make_shared<GroupMetadata>();
    metadata->handle.reset(m_consumer.handle().groupMetadata());
    return metadata;
}

void KafkaMessageSource::close() { m_consumer.close(); }

} // namespace kse
