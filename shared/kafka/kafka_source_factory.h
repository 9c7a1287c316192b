#pragma once

#include <string>

#include "kafka/kafka_client_config.h"
#include "kafka/message_source_factory.h"
#include "log/logger.h"

namespace kse {

// Makes KafkaMessageSources that read from one cluster.
class KafkaSourceFactory final : public MessageSourceFactory {
public:
    KafkaSourceFactory(KafkaClientConfig kafka, Logger& logger);
    std::unique_ptr<MessageSource> create(const MessageSource::Options& options) override;

private:
    KafkaClientConfig m_kafka;
    Logger& m_logger;
};

} // namespace kse
