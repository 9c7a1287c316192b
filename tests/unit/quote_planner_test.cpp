#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "platform_api/quote_planner.h"

using namespace kse;

namespace {

using Quote = QuotePlanner::Quote;
using Own = QuotePlanner::OwnOrder;
constexpr std::int64_t kRich = 1'000'000'000'000; // cash and shares that never limit

QuotePlanner planner() { return QuotePlanner(QuotePlanner::Policy{}); }
std::int64_t money(double value) { return std::llround(value * 10'000); }

std::vector<Own> resting(const std::vector<Quote>& quotes) {
    std::vector<Own> out;
    for (const Quote& q : quotes)
        out.push_back({"o" + std::to_string(out.size()), q.side, q.price, q.qty});
    return out;
}

} // namespace

TEST(QuotePlanner, LaddersBothSidesOnTheCentGridAroundTheCentre) {
    const auto ladder = planner().ladder(money(100.00));
    const std::vector<Quote> expected{{Side::Buy, money(99.90), 100}, {Side::Sell, money(100.10), 100},
                                      {Side::Buy, money(99.80), 100}, {Side::Sell, money(100.20), 100},
                                      {Side::Buy, money(99.70), 100}, {Side::Sell, money(100.30), 100}};
    EXPECT_EQ(ladder, expected);
    // Off the grid: bids round down and asks up, so the spread never narrows.
    const auto odd = planner().ladder(money(187.2345));
    EXPECT_EQ(odd[0].price, money(187.04)); // 187.0472… down
    EXPECT_EQ(odd[1].price, money(187.43)); // 187.4217… up
}

TEST(QuotePlanner, NearZeroTheLevelsCollapseWithoutCrossing) {
    const auto ladder = planner().ladder(money(0.02));
    ASSERT_EQ(ladder.size(), 2u); // 0.01 bid, 0.03 ask: every level rounds to the same prices
    EXPECT_EQ(ladder[0], (Quote{Side::Buy, money(0.01), 100}));
    EXPECT_EQ(ladder[1], (Quote{Side::Sell, money(0.03), 100}));
    for (const Quote& q : planner().ladder(money(0.005)))
        EXPECT_EQ(q.side, Side::Sell); // no bid at zero
}

TEST(QuotePlanner, AFirstPlanPlacesTheWholeLadder) {
    const auto plan = planner().plan(money(100), std::nullopt, {}, kRich, kRich);
    EXPECT_EQ(plan.centre, money(100));
    EXPECT_TRUE(plan.cancels.empty());
    EXPECT_EQ(plan.places, planner().ladder(money(100)));
}

TEST(QuotePlanner, SmallMovesKeepTheQuotesAndRefillTakenLevels) {
    auto open = resting(planner().ladder(money(100)));
    open.erase(open.begin() + 1);                                                    // the best ask was bought
    const auto plan = planner().plan(money(100.15), money(100), open, kRich, kRich); // 15 bps < 20
    EXPECT_EQ(plan.centre, money(100));
    EXPECT_TRUE(plan.cancels.empty());
    EXPECT_EQ(plan.places, (std::vector<Quote>{{Side::Sell, money(100.10), 100}}));
}

TEST(QuotePlanner, AMoveOfTheRefreshSizeRecentresEverything) {
    const auto open = resting(planner().ladder(money(100)));
    const auto plan = planner().plan(money(100.20), money(100), open, kRich, kRich); // exactly 20 bps
    EXPECT_EQ(plan.centre, money(100.20));
    // 99.70 … 100.30 around 100 against 99.89 … 100.51 around 100.20: all replaced. The new bid
    // at 100.09 may go out at once: the lowest old ask, 100.10, is above it.
    EXPECT_EQ(plan.cancels.size(), 6u);
    EXPECT_EQ(plan.places, planner().ladder(money(100.20)));
    for (const Quote& q : plan.places)
        EXPECT_TRUE(std::none_of(open.begin(), open.end(),
                                 [&](const Own& o) { return o.side == q.side && o.price == q.price; }));
}

TEST(QuotePlanner, NeverPlacesAQuoteThatWouldTradeWithItsOwnRestingOrders) {
    // The reference jumped 1 % up: the old asks at 100.10–100.30 are being cancelled but still rest.
    const auto open = resting(planner().ladder(money(100)));
    const auto plan = planner().plan(money(101), money(100), open, kRich, kRich);
    EXPECT_EQ(plan.cancels.size(), open.size());
    for (const Quote& q : plan.places) {
        for (const Own& o : open) {
            if (q.side == Side::Buy && o.side == Side::Sell) {
                EXPECT_LT(q.price, o.price);
            }
            if (q.side == Side::Sell && o.side == Side::Buy) {
                EXPECT_GT(q.price, o.price);
            }
        }
    }
    // The new asks do not cross the old bids, so they go out now; the new bids wait for the cancels.
    EXPECT_EQ(
        std::count_if(plan.places.begin(), plan.places.end(), [](const Quote& q) { return q.side == Side::Sell; }), 3);
    EXPECT_EQ(std::count_if(plan.places.begin(), plan.places.end(), [](const Quote& q) { return q.side == Side::Buy; }),
              0);
    // Once they are gone, the next plan places them.
    const auto next = planner().plan(money(101), plan.centre, resting(plan.places), kRich, kRich);
    EXPECT_EQ(std::count_if(next.places.begin(), next.places.end(), [](const Quote& q) { return q.side == Side::Buy; }),
              3);
}

TEST(QuotePlanner, CancelsDuplicatesAtOnePrice) {
    auto open = resting(planner().ladder(money(100)));
    open.push_back({"dup", Side::Buy, money(99.90), 100});
    const auto plan = planner().plan(money(100), money(100), open, kRich, kRich);
    EXPECT_EQ(plan.cancels, (std::vector<std::string>{"dup"}));
    EXPECT_TRUE(plan.places.empty());
}

TEST(QuotePlanner, QuotesOnlyWhatTheAccountCanPayForAndDeliver) {
    // Cash for two bids of 100 × ~99.8, and 150 shares: one ask.
    const auto plan = planner().plan(money(100), std::nullopt, {}, money(20'000), 150);
    EXPECT_EQ(std::count_if(plan.places.begin(), plan.places.end(), [](const Quote& q) { return q.side == Side::Buy; }),
              2);
    EXPECT_EQ(
        std::count_if(plan.places.begin(), plan.places.end(), [](const Quote& q) { return q.side == Side::Sell; }), 1);
    const auto broke = planner().plan(money(100), std::nullopt, {}, 0, 0);
    EXPECT_TRUE(broke.places.empty());
}
