#include "http/metrics_registry.h"

#include <cmath>
#include <sstream>

namespace kse {

std::string MetricsRegistry::renderLabels(const Labels& labels) {
    if (labels.empty())
        return {};
    std::string out = "{";
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i > 0)
            out += ',';
        out += labels[i].first;
        out += "=\"";
        for (char c : labels[i].second) {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c == '\n' ? 'n' : c;
        }
        out += '"';
    }
    return out + "}";
}

MetricsRegistry::Counter& MetricsRegistry::counter(const std::string& name, const std::string& help,
                                                   const Labels& labels) {
    const std::lock_guard lock(m_mutex);
    Family& family = m_families[name];
    family.help = help;
    family.type = "counter";
    auto& slot = family.counters[renderLabels(labels)];
    if (!slot)
        slot = std::make_unique<Counter>(0);
    return *slot;
}

void MetricsRegistry::gauge(const std::string& name, const std::string& help, std::function<double()> read,
                            const Labels& labels) {
    const std::lock_guard lock(m_mutex);
    Family& family = m_families[name];
    family.help = help;
    family.type = "gauge";
    family.gauges[renderLabels(labels)] = std::move(read);
}

std::string MetricsRegistry::render() const {
    const std::lock_guard lock(m_mutex);
    std::ostringstream out;
    for (const auto& [name, family] : m_families) {
        out << "# HELP " << name << ' ' << family.help << "\n# TYPE " << name << ' ' << family.type << '\n';
        for (const auto& [labels, value] : family.counters)
            out << name << labels << ' ' << value->load(std::memory_order_relaxed) << '\n';
        for (const auto& [labels, read] : family.gauges) {
            const double value = read();
            out << name << labels << ' ';
            if (std::floor(value) == value && std::fabs(value) < 1e15)
                out << static_cast<long long>(value);
            else
                out << value;
            out << '\n';
        }
    }
    return out.str();
}

} // namespace kse
