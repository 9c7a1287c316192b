#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "kafka/partition_ownership.h"
#include "order_processor/order_book.h"

namespace kse {

// The top of each book of the partitions this instance owns, as the worker last committed it,
// for the HTTP thread: the books themselves belong to the worker and are never touched from
// another thread. A symbol whose partition another instance owns has no answer here, so a
// query never sees a book this instance gave away.
class BookDepthCache {
public:
    static constexpr std::size_t kMaxDepth = 100;

    // Whether the symbol's partition of `orders` belongs to this instance, and which it is.
    using Owner = PartitionOwnership::Owner;
    struct Lookup : Owner {
        OrderBook::Snapshot book; // empty when no order for the symbol was seen
    };

    // The number of partitions of `orders`; until it is known no symbol is owned.
    void setPartitionCount(std::int32_t count);
    // A partition whose books the worker restored / gave back (its books go with it).
    void own(std::int32_t partition);
    void release(std::int32_t partition);
    void publish(const std::string& symbol, OrderBook::Snapshot snapshot);
    // Whether this instance answers for the symbol, without copying its book.
    Owner owner(const std::string& symbol) const;
    // The top `depth` levels of each side of the symbol's book.
    Lookup get(const std::string& symbol, std::size_t depth) const;

private:
    // Every change holds m_mutex, so a query sees ownership and books change together.
    mutable std::mutex m_mutex;
    PartitionOwnership m_ownership;
    std::map<std::string, OrderBook::Snapshot, std::less<>> m_books;
};

} // namespace kse
