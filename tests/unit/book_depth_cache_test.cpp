#include <gtest/gtest.h>

#include <string>

#include "kafka/key_partition.h"
#include "order_processor/book_depth_cache.h"

using kse::BookDepthCache;
using kse::OrderBook;

namespace {

// The first symbol "B<n>" that four partitions key to `partition`.
std::string symbolOn(std::int32_t partition) {
    for (int n = 0;; ++n) {
        std::string symbol = "B" + std::to_string(n);
        if (kse::keyPartition(symbol, 4) == partition)
            return symbol;
    }
}

OrderBook::Snapshot levels(int bids) {
    OrderBook::Snapshot book;
    for (int i = 0; i < bids; ++i)
        book.bids.push_back({10'000 - i, 1});
    return book;
}

} // namespace

TEST(BookDepthCache, AnswersOnlyForThePartitionsItOwns) {
    BookDepthCache cache;
    const std::string mine = symbolOn(1);
    const std::string theirs = symbolOn(2);
    EXPECT_FALSE(cache.get(mine, 10).owned) << "nothing is owned before the partition count is known";
    EXPECT_EQ(cache.get(mine, 10).partition, -1);

    cache.setPartitionCount(4);
    cache.own(1);
    cache.publish(mine, levels(3));
    const auto found = cache.get(mine, 2);
    EXPECT_TRUE(found.owned);
    EXPECT_EQ(found.partition, 1);
    EXPECT_EQ(found.book.bids.size(), 2u) << "cut to the depth asked";
    const auto other = cache.get(theirs, 10);
    EXPECT_FALSE(other.owned);
    EXPECT_EQ(other.partition, 2);
    EXPECT_TRUE(cache.owner(mine).owned);
    EXPECT_FALSE(cache.owner(theirs).owned);
}

TEST(BookDepthCache, APartitionGivenBackTakesItsBooksWithIt) {
    BookDepthCache cache;
    cache.setPartitionCount(4);
    const std::string symbol = symbolOn(3);
    cache.own(3);
    cache.publish(symbol, levels(5));
    cache.release(3);
    EXPECT_FALSE(cache.get(symbol, 10).owned);

    cache.own(3); // back again: only what the worker publishes from its restored books counts
    const auto found = cache.get(symbol, 10);
    EXPECT_TRUE(found.owned);
    EXPECT_TRUE(found.book.bids.empty()) << "the old book did not survive the handover";
}
