#include "platform_api/stream_hub.h"

#include <algorithm>

namespace kse {

std::shared_ptr<const std::string> StreamHub::subscribe(const std::string& key, const std::shared_ptr<Outlet>& outlet) {
    const std::lock_guard lock(m_mutex);
    Entry& entry = m_entries[key];
    if (std::find(entry.outlets.begin(), entry.outlets.end(), outlet) == entry.outlets.end()) {
        entry.outlets.push_back(outlet);
        ++m_subscriptions;
    }
    return entry.kept;
}

void StreamHub::unsubscribe(const std::string& key, const Outlet* outlet) {
    const std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(key);
    if (it == m_entries.end())
        return;
    auto& outlets = it->second.outlets;
    const auto gone = std::find_if(outlets.begin(), outlets.end(), [&](const auto& o) { return o.get() == outlet; });
    if (gone == outlets.end())
        return;
    outlets.erase(gone);
    --m_subscriptions;
    if (outlets.empty()) // what was kept goes stale once nobody watches: forget it
        m_entries.erase(it);
}

void StreamHub::publish(const std::string& key, std::string message, bool keep) {
    std::vector<std::shared_ptr<Outlet>> outlets;
    auto shared = std::make_shared<const std::string>(std::move(message));
    {
        const std::lock_guard lock(m_mutex);
        const auto it = m_entries.find(key);
        if (it == m_entries.end())
            return;
        outlets = it->second.outlets;
        if (keep)
            it->second.kept = shared;
        m_published += outlets.size();
    }
    for (const auto& outlet : outlets)
        outlet->deliver(shared);
}

bool StreamHub::watched(const std::string& key) const {
    const std::lock_guard lock(m_mutex);
    return m_entries.find(key) != m_entries.end();
}

std::shared_ptr<const std::string> StreamHub::kept(const std::string& key) const {
    const std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(key);
    return it == m_entries.end() ? nullptr : it->second.kept;
}

std::vector<std::string> StreamHub::watched(std::string_view prefix) const {
    const std::string start = std::string(prefix) + '/';
    std::vector<std::string> out;
    const std::lock_guard lock(m_mutex);
    for (auto it = m_entries.lower_bound(start); it != m_entries.end() && it->first.starts_with(start); ++it)
        out.push_back(it->first.substr(start.size()));
    return out;
}

std::uint64_t StreamHub::published() const {
    const std::lock_guard lock(m_mutex);
    return m_published;
}

std::size_t StreamHub::subscriptions() const {
    const std::lock_guard lock(m_mutex);
    return m_subscriptions;
}

} // namespace kse
