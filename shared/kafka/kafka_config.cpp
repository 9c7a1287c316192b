#include "kafka/kafka_config.h"

#include "kafka/kafka_error.h"

namespace kse {

std::unique_ptr<RdKafka::Conf> makeKafkaConfig(const std::map<std::string, std::string>& settings) {
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    std::string error;
    for (const auto& [key, value] : settings) {
        if (conf->set(key, value, error) != RdKafka::Conf::CONF_OK)
            throw KafkaError(
                std::string("kafka setting ").append(key).append("=").append(value).append(": ").append(error));
    }
    return conf;
}

} // namespace kse
