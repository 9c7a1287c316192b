#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <map>
#include <memory>
#include <string>

namespace kse {

// Builds a librdkafka global configuration; throws KafkaError naming the setting it refused.
std::unique_ptr<RdKafka::Conf> makeKafkaConfig(const std::map<std::string, std::string>& settings);

} // namespace kse
