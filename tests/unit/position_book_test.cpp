#include <gtest/gtest.h>

#include <random>

#include "user_analytics/position_book.h"

using kse::PositionBook;

TEST(PositionBook, ALongRealisesAgainstItsAverageCost) {
    PositionBook book;
    EXPECT_EQ(book.buy(100, 10), 0);
    EXPECT_EQ(book.buy(130, 20), 0); // 30 at an average of 120
    EXPECT_EQ(book.sell(150, 15), 15 * 30);
    EXPECT_EQ(book.qty, 15);
    EXPECT_EQ(book.cost, 15 * 120);
    EXPECT_EQ(book.sell(110, 15), -15 * 10);
    EXPECT_EQ(book.qty, 0);
    EXPECT_EQ(book.cost, 0);
}

TEST(PositionBook, SellingMoreThanHeldOpensAShortThatABuyCloses) {
    PositionBook book;
    book.buy(100, 10);
    EXPECT_EQ(book.sell(120, 25), 10 * 20); // closes 10, opens 15 short at 120
    EXPECT_EQ(book.qty, -15);
    EXPECT_EQ(book.cost, 15 * 120);
    EXPECT_EQ(book.buy(90, 20), 15 * 30); // closes the short, opens 5 long at 90
    EXPECT_EQ(book.qty, 5);
    EXPECT_EQ(book.cost, 5 * 90);
}

TEST(PositionBook, PartialClosesLoseNothingToRounding) {
    // Three shares bought for 100 in all: 33.33… each. Closing one at a time at 0 must realise
    // exactly −100 over the three closes, whatever each close rounds to.
    PositionBook book;
    book.buy(0, 1);
    book.buy(100, 1);
    book.buy(0, 1);
    std::int64_t realised = 0;
    for (int i = 0; i < 3; ++i)
        realised += book.sell(0, 1);
    EXPECT_EQ(realised, -100);
    EXPECT_EQ(book.cost, 0);

    // Over random fills, realised P&L + open cost = money in − money out, to the tick.
    std::mt19937 random(3);
    PositionBook b;
    std::int64_t realisedTotal = 0, cashFlow = 0; // cash flow: + sales, − purchases
    for (int i = 0; i < 10'000; ++i) {
        const std::int64_t price = 1 + static_cast<std::int64_t>(random() % 1'000'000);
        const std::int64_t qty = 1 + static_cast<std::int64_t>(random() % 7);
        if (random() % 2) {
            realisedTotal += b.buy(price, qty);
            cashFlow -= price * qty;
        } else {
            realisedTotal += b.sell(price, qty);
            cashFlow += price * qty;
        }
    }
    // The open position's cost is the part of the cash flow not realised yet: paid for a long,
    // received for a short.
    const std::int64_t open = b.qty > 0 ? b.cost : b.qty < 0 ? -b.cost : 0;
    EXPECT_EQ(realisedTotal, cashFlow + open);
    if (b.qty == 0) {
        EXPECT_EQ(b.cost, 0);
    }
}
