#pragma once

#include <optional>
#include <string>

#include "kafka/message_sink.h"
#include "kafka/message_source_factory.h"
#include "log/logger.h"
#include "service/consumer_loop.h"
#include "service/consumer_policy.h"

namespace kse {

// A service's consumer: its policy and the ConsumerLoop that drives it, started, stopped and
// asked why it failed as one. The derived class makes the loop last in its constructor (the
// loop's options name the class's own counters) and stops it first in its destructor, so the
// loop's thread is joined before any member it uses goes.
class ConsumerWorker : protected ConsumerPolicy {
public:
    ~ConsumerWorker() override = default;
    ConsumerWorker(const ConsumerWorker&) = delete;
    ConsumerWorker& operator=(const ConsumerWorker&) = delete;

    void start();
    // Stores what is pending, leaves the group, waits for the loop's thread, then stopped().
    // Idempotent.
    void stop();
    // Why the loop stopped on its own, if it did (for the health check).
    std::optional<std::string> failure() const;

protected:
    ConsumerWorker() = default;

    // Its lag is served on GET /metrics as kse_consumer_lag{group} (the consumer group's name).
    void makeLoop(ConsumerLoop::Options options, MessageSourceFactory& sources, MessageSink& deadLetters,
                  MetricsRegistry& metrics, Logger& logger);
    ConsumerLoop& loop() { return *m_loop; }
    // After the loop's thread ended, however it ended; again on every stop().
    virtual void stopped() {}

private:
    std::optional<ConsumerLoop> m_loop;
};

} // namespace kse
