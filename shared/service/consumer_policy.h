#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kafka/message_source.h"

namespace kse {

// What one consumer does with its messages; ConsumerLoop does the consuming. Every call comes
// from the loop's thread, except opened() and, for a loop without a group (it assigns every
// partition itself), the first resume(), which comes from start() before the thread runs. Exactly once is the policy's
// to keep: store() puts a batch's effects and its next offsets in one transaction, and resume() starts every partition
// where the stored effects end.
class ConsumerPolicy {
public:
    virtual ~ConsumerPolicy() = default;

    // Once, on the thread that starts the loop, before anything is read.
    virtual void opened(MessageSource& /*source*/) {}
    // On the loop's thread, before it subscribes.
    virtual void starting() {}
    // Where each of these partitions resumes: set its offset to where the stored effects end; one
    // left at offsets::kUnset is read from the beginning. Called on every assignment and after
    // an aborted store (then for every assigned partition).
    virtual void resume(MessageSource& source, std::vector<TopicPartitionOffset>& partitions) = 0;
    // The common resume(): each partition at its next offset in `stored`, the others from the beginning.
    static void resumeFrom(const std::map<std::pair<std::string, std::int32_t>, std::int64_t>& stored,
                           std::vector<TopicPartitionOffset>& partitions) {
        for (auto& p : partitions)
            if (const auto it = stored.find({p.topic, p.partition}); it != stored.end())
                p.offset = it->second;
    }
    // Takes one message into the open batch; the reason it must go to dead-letters instead.
    virtual std::optional<std::string> apply(const SourceMessage& message) = 0;
    // Whenever the loop looks at the clock; true when something not tied to a message now waits
    // to be stored (a window that closed, say).
    virtual bool tick(std::int64_t /*now*/) { return false; }
    // Stores the open batch's effects with `next`, the next offset of every partition the batch
    // moved, all or nothing. False: the batch was aborted and its effects dropped; the loop then
    // reads every partition again from resume().
    virtual bool store(MessageSource& source, const std::vector<TopicPartitionOffset>& next) = 0;
    // The open batch will never be stored (the loop failed, or stops without it): forget it.
    virtual void discard() {}
    // These partitions go; everything taken from them is stored.
    virtual void revoked(const std::vector<TopicPartitionOffset>& /*partitions*/) {}
    // The loop stopped as asked, stored everything and left the group.
    virtual void closed() {}
};

} // namespace kse
