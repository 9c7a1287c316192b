#pragma once

#include <memory>

#include "kafka/message_source.h"

namespace kse {

// Makes message sources; injected where consumers are made, so that tests can script them.
class MessageSourceFactory {
public:
    virtual ~MessageSourceFactory() = default;
    virtual std::unique_ptr<MessageSource> create(const MessageSource::Options& options) = 0;
};

} // namespace kse
