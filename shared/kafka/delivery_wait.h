#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

namespace kse {

// What became of one produced message.
struct DeliveryReport {
    enum class Outcome {
        Persisted,         // on the topic
        NotPersisted,      // certainly not on the topic
        PossiblyPersisted, // failed after it may have reached the broker
    };
    using Callback = std::function<void(const DeliveryReport&)>;
    Outcome outcome = Outcome::Persisted;
    std::int32_t partition = -1;
    std::int64_t offset = -1;
};

// The delivery reports of a group of produced messages, for a caller that answers only once
// they are on their topic (acks=all) rather than merely queued. Shared with the producer, which
// settles it from its polling thread, so a caller that stops waiting leaves nothing dangling.
class DeliveryWait {
public:
    using Report = DeliveryReport::Outcome;
    enum class Outcome {
        Delivered,   // every message is on its topic
        Failed,      // some are certainly not; the others are on it (see delivered())
        Unconfirmed, // a report is missing after the limit, or one says "possibly persisted"
    };

    static std::shared_ptr<DeliveryWait> make() { return std::make_shared<DeliveryWait>(); }

    // Before each produce: one more report to wait for.
    void expect();
    // A produce that was refused: its report will never come.
    void withdraw();
    // A delivery report.
    void settle(Report report);
    // Blocks until every expected report has come, or `limit` has passed.
    Outcome wait(std::chrono::milliseconds limit);
    int delivered() const;

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_settled;
    int m_pending = 0;
    int m_delivered = 0;
    bool m_failed = false;
    bool m_uncertain = false;
};

} // namespace kse
