#include "order_processor/book_depth_cache.h"

namespace kse {

void BookDepthCache::publish(const std::string& symbol, OrderBook::Snapshot snapshot) {
    const std::lock_guard lock(m_mutex);
    m_books[symbol] = std::move(snapshot);
}

std::optional<OrderBook::Snapshot> BookDepthCache::get(const std::string& symbol, std::size_t depth) const {
    const std::lock_guard lock(m_mutex);
    const auto it = m_books.find(symbol);
    if (it == m_books.end())
        return std::nullopt;
    OrderBook::Snapshot out = it->second;
    if (out.bids.size() > depth)
        out.bids.resize(depth);
    if (out.asks.size() > depth)
        out.asks.resize(depth);
    return out;
}

} // namespace kse
