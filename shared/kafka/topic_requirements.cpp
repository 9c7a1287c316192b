#include "kafka/topic_requirements.h"

#include <algorithm>

namespace kse {
namespace {

std::string duration(std::int64_t ms) {
    constexpr std::int64_t kHour = 60LL * 60 * 1000;
    constexpr std::int64_t kDay = 24 * kHour;
    if (ms < 0)
        return "for ever";
    if (ms % kDay == 0)
        return std::to_string(ms / kDay) + (ms == kDay ? " day" : " days");
    if (ms % kHour == 0)
        return std::to_string(ms / kHour) + (ms == kHour ? " hour" : " hours");
    return std::to_string(ms) + " ms";
}

} // namespace

int replicationFactorFor(const TopicPlan& plan, int brokers) {
    return plan.replicationFactor > 0 ? plan.replicationFactor : std::clamp(brokers, 1, 3);
}

int minInsyncReplicasFor(int replicationFactor) { return replicationFactor >= 3 ? 2 : 1; }

std::map<std::string, std::string> creationSettings(const TopicSpec& spec, int replicationFactor) {
    std::map<std::string, std::string> settings{
        {"retention.ms", std::to_string(spec.retentionMs)},
        {"min.insync.replicas", std::to_string(minInsyncReplicasFor(replicationFactor))},
    };
    if (spec.retentionMs < 0)
        settings["retention.bytes"] = "-1";
    return settings;
}

std::vector<std::string> shortfalls(const TopicSpec& spec, int replicationFactor, const ObservedTopic& observed) {
    std::vector<std::string> out;
    const std::string topic = "topic " + spec.name + ": ";
    if (observed.replicas < replicationFactor)
        out.push_back(topic + std::to_string(observed.replicas) + (observed.replicas == 1 ? " replica" : " replicas") +
                      " a partition, below the " + std::to_string(replicationFactor) +
                      " asked for: losing a broker can lose its messages");
    const int wantedIsr = minInsyncReplicasFor(std::min(observed.replicas, replicationFactor));
    if (observed.minInsyncReplicas && *observed.minInsyncReplicas < wantedIsr)
        out.push_back(topic + "min.insync.replicas=" + std::to_string(*observed.minInsyncReplicas) + ", below " +
                      std::to_string(wantedIsr) + ": a write acknowledged by one replica is lost with it");
    if (observed.retentionMs) {
        const std::int64_t kept = *observed.retentionMs;
        const bool tooShort = spec.retentionMs < 0 ? kept >= 0 : kept >= 0 && kept < spec.retentionMs;
        if (tooShort)
            out.push_back(topic + "kept " + duration(kept) + ", less than " + duration(spec.retentionMs) +
                          " (retention.ms=" + std::to_string(spec.retentionMs) + "): " + spec.why);
    }
    if (observed.retentionBytes && *observed.retentionBytes >= 0)
        out.push_back(topic + "retention.bytes=" + std::to_string(*observed.retentionBytes) +
                      " may delete messages sooner than " + duration(spec.retentionMs) + ": " + spec.why);
    return out;
}

} // namespace kse
