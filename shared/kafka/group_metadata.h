#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <memory>

namespace kse {

// What MessageSource::groupMetadata() hands to Producer::sendOffsetsToTransaction.
struct GroupMetadata {
    std::unique_ptr<RdKafka::ConsumerGroupMetadata> handle;
};

} // namespace kse
