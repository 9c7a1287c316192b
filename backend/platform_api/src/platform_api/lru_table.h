#pragma once

#include <cstddef>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace kse {

// A table of at most `capacity` entries by string key that forgets the least recently touched
// entry to make room for a new one: state kept per client or per name for anonymous callers
// must never grow with what those callers send. Every call is O(1) on average.
template <typename Value> class LruTable {
public:
    explicit LruTable(std::size_t capacity) : m_capacity(capacity < 1 ? 1 : capacity) {}

    // The entry of `key`, made the most recent; a new default one (evicting the least recent
    // when full) when there was none.
    Value& touch(const std::string& key) {
        if (const auto it = m_index.find(key); it != m_index.end()) {
            m_order.splice(m_order.begin(), m_order, it->second);
            return it->second->second;
        }
        if (m_index.size() >= m_capacity) {
            m_index.erase(m_order.back().first);
            m_order.pop_back();
        }
        m_order.emplace_front(key, Value{});
        m_index.emplace(m_order.front().first, m_order.begin());
        return m_order.front().second;
    }

    // The entry of `key` without changing its age, or nullptr.
    const Value* find(const std::string& key) const {
        const auto it = m_index.find(key);
        return it == m_index.end() ? nullptr : &it->second->second;
    }

    void erase(const std::string& key) {
        if (const auto it = m_index.find(key); it != m_index.end()) {
            const auto node = it->second;
            m_index.erase(it); // first: its key is a view of the node's
            m_order.erase(node);
        }
    }

    std::size_t size() const { return m_index.size(); }
    std::size_t capacity() const { return m_capacity; }

private:
    using Entry = std::pair<std::string, Value>;
    std::size_t m_capacity;
    std::list<Entry> m_order; // most recent first
    // Keys are views of the list's own copies (list nodes never move), so each key is held once.
    std::unordered_map<std::string_view, typename std::list<Entry>::iterator> m_index;
};

} // namespace kse
