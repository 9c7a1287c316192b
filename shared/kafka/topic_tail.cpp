#include "kafka/topic_tail.h"

#include <algorithm>
#include <stdexcept>

namespace kse {

std::string TopicTail::identity(std::string_view key, std::string_view value) {
    // The key's length first, so that no key/value split of the same bytes collides.
    std::string out = std::to_string(key.size());
    out.push_back(':');
    out.append(key).append(value);
    return out;
}

std::optional<TopicTail::Counts> TopicTail::read(MessageSourceFactory& sources, const std::string& topic,
                                                 const std::map<std::int32_t, std::int64_t>& from,
                                                 std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    MessageSource::Options options;
    options.groupId = "kse-topic-tail"; // assigned, never subscribed: it joins no group, commits nothing
    options.clientId = "kse-topic-tail";
    options.readCommitted = false;
    try {
        const auto source = sources.create(options);
        const int partitions = source->partitionCount(topic);
        if (partitions <= 0)
            return std::nullopt;
        std::vector<TopicPartitionOffset> assigned;
        std::map<std::int32_t, std::int64_t> ends;
        for (std::int32_t partition = 0; partition < partitions; ++partition) {
            const auto [low, high] = source->watermarks(topic, partition);
            const auto mark = from.find(partition);
            const std::int64_t start = std::max(low, mark == from.end() ? low : mark->second);
            if (start < high) {
                assigned.push_back({topic, partition, start});
                ends[partition] = high;
            }
        }
        Counts counts;
        if (assigned.empty())
            return counts;
        source->assign(assigned);
        SourceMessage message;
        while (!ends.empty()) {
            if (std::chrono::steady_clock::now() >= deadline)
                return std::nullopt;
            if (!source->poll(message, 100))
                continue;
            const auto end = ends.find(message.partition);
            if (message.topic != topic || end == ends.end() || message.offset >= end->second)
                continue;
            ++counts[identity(message.key, message.value)];
            if (message.offset + 1 >= end->second)
                ends.erase(end);
        }
        source->close();
        return counts;
    } catch (const std::runtime_error&) {
        return std::nullopt; // the cluster could not say; the caller tries again later
    }
}

} // namespace kse
