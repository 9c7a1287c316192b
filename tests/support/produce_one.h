#pragma once

#include <string>

#include "kafka/producer.h"

namespace kse::test {

// Puts one message on a topic and waits until the cluster has it; false when it could not.
inline bool produceOne(const std::string& brokers, const std::string& topic, const std::string& key,
                       const std::string& value) {
    kse::Logger logger(kse::LogLevel::Warning);
    kse::Producer::Options options;
    options.brokers = brokers;
    kse::Producer producer(options, logger);
    return producer.produce(topic, key, value) == kse::ProduceStatus::Queued && producer.flush(10'000) == 0;
}

} // namespace kse::test
