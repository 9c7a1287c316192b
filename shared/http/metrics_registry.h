#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace kse {

// Counters and gauges rendered in the Prometheus text format for GET /metrics. Registering
// takes a lock; counting is a relaxed atomic add, safe from any thread.
class MetricsRegistry {
public:
    using Labels = std::vector<std::pair<std::string, std::string>>;
    using Counter = std::atomic<std::uint64_t>;

    // The same name and labels always give the same counter.
    Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {});
    // A value read when /metrics is rendered.
    void gauge(const std::string& name, const std::string& help, std::function<double()> read,
               const Labels& labels = {});
    std::string render() const;

private:
    struct Family {
        std::string help;
        std::string type;
        std::map<std::string, std::unique_ptr<Counter>> counters; // by rendered labels
        std::map<std::string, std::function<double()>> gauges;
    };
    static std::string renderLabels(const Labels& labels);

    mutable std::mutex m_mutex;
    std::map<std::string, Family> m_families;
};

} // namespace kse
