#include "kafka/kafka_source_factory.h"

#include "kafka/kafka_message_source.h"

namespace kse {

KafkaSourceFactory::KafkaSourceFactory(KafkaClientConfig kafka, Logger& logger)
    : m_kafka(std::move(kafka)), m_logger(logger) {}

std::unique_ptr<MessageSource> KafkaSourceFactory::create(const MessageSource::Options& options) {
    Consumer::Options consumer;
    consumer.brokers = m_kafka.brokers;
    consumer.properties = m_kafka.properties;
    consumer.groupId = options.groupId;
    consumer.clientId = options.clientId;
    consumer.readCommitted = options.readCommitted;
    consumer.extra = options.extra;
    if (!options.instanceId.empty())
        consumer.extra["group.instance.id"] = options.instanceId;
    return std::make_unique<KafkaMessageSource>(std::move(consumer), m_logger);
}

} // namespace kse
