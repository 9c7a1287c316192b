#include <gtest/gtest.h>
#include <map>
#include <set>

#include "stock_ingestor/market_simulator.h"

using kse::MarketSimulator;

TEST(MarketSimulator, NamesWellKnownSymbolsFirst) {
    const auto symbols = MarketSimulator::symbols(18);
    ASSERT_EQ(symbols.size(), 18U);
    EXPECT_EQ(symbols.front(), "AAPL");
    EXPECT_EQ(symbols[16], "SIM0001");
    EXPECT_EQ(std::set<std::string>(symbols.begin(), symbols.end()).size(), 18U);
}

TEST(MarketSimulator, TicksAreValidCentPricesInRoundLots) {
    MarketSimulator simulator(MarketSimulator::symbols(4), 7);
    std::set<std::int64_t> ids;
    constexpr std::int64_t kNow = 1'700'000'000'000;
    for (int i = 0; i < 10'000; ++i) {
        const kse::Tick tick = simulator.next(kNow + i);
        ASSERT_FALSE(kse::tickError(tick, tick.ts).has_value()) << *kse::tickError(tick, tick.ts);
        EXPECT_EQ(tick.price.ticks() % 100, 0) << "not a whole cent";
        EXPECT_GT(tick.price.ticks(), 0);
        ASSERT_TRUE(tick.volume.has_value());
        EXPECT_EQ(*tick.volume % 10, 0);
        EXPECT_GT(*tick.volume, 0);
        EXPECT_EQ(tick.ts, kNow + i);
        EXPECT_TRUE(ids.insert(tick.id).second) << "duplicate id";
    }
}

TEST(MarketSimulator, PricesWalkButStayNearTheirStart) {
    MarketSimulator simulator({"AAPL"}, 1);
    const auto start = simulator.lastPrice(0).ticks();
    std::set<std::int64_t> seen;
    for (int i = 0; i < 5'000; ++i)
        seen.insert(simulator.next(0).price.ticks());
    EXPECT_GT(seen.size(), 20U) << "the price should move";
    const auto end = simulator.lastPrice(0).ticks();
    EXPECT_LT(std::abs(end - start), start / 5) << "5,000 small steps should not move 20 %";
}

TEST(MarketSimulator, SameSeedSameTicks) {
    MarketSimulator a(MarketSimulator::symbols(3), 99);
    MarketSimulator b(MarketSimulator::symbols(3), 99);
    for (int i = 0; i < 100; ++i) {
        const auto x = a.next(0);
        const auto y = b.next(0);
        ASSERT_EQ(x.symbol, y.symbol);
        ASSERT_EQ(x.price, y.price);
        ASSERT_EQ(x.volume, y.volume);
    }
}
