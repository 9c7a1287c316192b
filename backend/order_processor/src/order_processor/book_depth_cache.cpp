#include "order_processor/book_depth_cache.h"

namespace kse {

void BookDepthCache::setPartitionCount(std::int32_t count) {
    const std::lock_guard lock(m_mutex);
    m_ownership.setPartitionCount(count);
}

void BookDepthCache::own(std::int32_t partition) {
    const std::lock_guard lock(m_mutex);
    m_ownership.own(partition);
}

void BookDepthCache::release(std::int32_t partition) {
    const std::lock_guard lock(m_mutex);
    m_ownership.release(partition);
    std::erase_if(m_books, [&](const auto& entry) { return m_ownership.owner(entry.first).partition == partition; });
}

void BookDepthCache::publish(const std::string& symbol, OrderBook::Snapshot snapshot) {
    const std::lock_guard lock(m_mutex);
    m_books[symbol] = std::move(snapshot);
}

BookDepthCache::Owner BookDepthCache::owner(const std::string& symbol) const {
    const std::lock_guard lock(m_mutex);
    return m_ownership.owner(symbol);
}

BookDepthCache::Lookup BookDepthCache::get(const std::string& symbol, std::size_t depth) const {
    const std::lock_guard lock(m_mutex);
    Lookup out;
    static_cast<Owner&>(out) = m_ownership.owner(symbol);
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
