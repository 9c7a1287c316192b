#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "order_processor/order_book.h"

namespace kse {

// The top of each book as the worker last committed it, for the HTTP thread: the books
// themselves belong to the worker and are never touched from another thread.
class BookDepthCache {
public:
    static constexpr std::size_t kMaxDepth = 100;

    void publish(const std::string& symbol, OrderBook::Snapshot snapshot);
    // The top `depth` levels of each side, or nothing when no order for the symbol was seen.
    std::optional<OrderBook::Snapshot> get(const std::string& symbol, std::size_t depth) const;

private:
    mutable std::mutex m_mutex;
    std::map<std::string, OrderBook::Snapshot, std::less<>> m_books;
};

} // namespace kse
