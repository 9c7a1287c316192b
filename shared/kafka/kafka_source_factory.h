#pragma once

#include <string>

#include "kafka/message_source_factory.h"
#include "log/logger.h"

namespace kse {

// Makes KafkaMessageSources that read from one cluster.
class KafkaSourceFactory final : public MessageSourceFactory {
public:
    KafkaSourceFactory(std::string brokers, Logger& logger);
    std::unique_ptr<MessageSource> create(const MessageSource::Options& options) override;

private:
    std::string m_brokers;
    Logger& m_logger;
};

} // namespace kse
