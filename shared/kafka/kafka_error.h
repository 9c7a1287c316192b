#pragma once

#include <stdexcept>
#include <string>

namespace kse {

// A Kafka client could not be set up or used; the message says which setting or call failed.
class KafkaError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace kse
