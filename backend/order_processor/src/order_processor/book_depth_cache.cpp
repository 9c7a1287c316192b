#include "order_processor/book_depth_cache.h"

#include "kafka/key_partition.h"

namespace kse {

void BookDepthCache::setPartitionCount(std::int32_t count) {
    const std::lock_guard lock(m_mutex);
    m_partitionCount = count;
}

std::int32_t BookDepthCache::partitionOf(const std::string& symbol) const {
    return m_partitionCount > 0 ? keyPartition(symbol, m_partitionCount) : -1;
}

void BookDepthCache::own(std::int32_t partition) {
    const std::lock_guard lock(m_mutex);
    m_owned.insert(partition);
}

void BookDepthCache::release(std::int32_t partition) {
    const std::lock_guard lock(m_mutex);
    m_owned.erase(partition);
    std::erase_if(m_books, [&](const auto& entry) { return partitionOf(entry.first) == partition; });
}

void BookDepthCache::publish(const std::string& symbol, OrderBook::Snapshot snapshot) {
    const std::lock_guard lock(m_mutex);
    m_books[symbol] = std::move(snapshot);
}

BookDepthCache::Owner BookDepthCache::ownerLocked(const std::string& symbol) const {
    const std::int32_t partition = partitionOf(symbol);
    return {partition >= 0 && m_owned.contains(partition), partition};
}

BookDepthCache::Owner BookDepthCache::owner(const std::string& symbol) const {
    const std::lock_guard lock(m_mutex);
    return ownerLocked(symbol);
}

BookDepthCache::Lookup BookDepthCache::get(const std::string& symbol, std::size_t depth) const {
    const std::lock_guard lock(m_mutex);
    Lookup out;
    static_cast<Owner&>(out) = ownerLocked(symbol);
    if (!out.owned)
        return out;
    if (const auto it = m_books.find(symbol); it != m_books.end()) {
        out.book = it->second;
        if (out.book.bids.size() > depth)
            out.book.bids.resize(depth);
        if (out.book.asks.size() > depth)
            out.book.asks.resize(depth);
    }
    return out;
}

} // namespace kse
