#include <gtest/gtest.h>

#include <random>

#include "domain/limits.h"
#include "platform_api/ledger.h"

using namespace kse;

namespace {

constexpr std::int64_t kTick = 10'000; // 1.0000 in ticks

Price px(std::int64_t ticks) { return Price::fromTicks(ticks); }
Money m(std::int64_t ticks) { return Money::fromTicks(ticks); }

OrderRequest buy(std::int64_t qty, std::int64_t price, std::string symbol = "AAPL") {
    return OrderRequest{std::move(symbol), Side::Buy, price > 0 ? OrderType::Limit : OrderType::Market, qty,
                        Price::fromTicks(price)};
}

OrderRequest sell(std::int64_t qty, std::int64_t price, std::string symbol = "AAPL") {
    return OrderRequest{std::move(symbol), Side::Sell, price > 0 ? OrderType::Limit : OrderType::Market, qty,
                        Price::fromTicks(price)};
}

Account withCash(std::int64_t cash) {
    Account a;
    a.cash = m(cash);
    return a;
}

} // namespace

TEST(Ledger, ABuyReservesQuantityTimesLimit) {
    Ledger ledger({});
    Account a = withCash(10'000 * kTick);
    auto r = ledger.reserve(a, buy(10, 100 * kTick), std::nullopt);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value().cash.ticks(), 1'000 * kTick);
    EXPECT_EQ(a.reservedCash.ticks(), 1'000 * kTick);
    EXPECT_EQ(a.availableCash().ticks(), 9'000 * kTick);
    EXPECT_EQ(a.cash.ticks(), 10'000 * kTick); // nothing paid yet
}

TEST(Ledger, RefusesWhatTheAccountCannotCoverAndChangesNothing) {
    Ledger ledger({});
    Account a = withCash(999 * kTick);
    const Account before = a;
    auto r = ledger.reserve(a, buy(10, 100 * kTick), std::nullopt);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), "not enough cash: 999.00 available, 1000.00 needed"); // money, as people read it
    EXPECT_EQ(a, before);
    a.cash = m(5); // 0.0005
    const Account poor = a;
    // The largest order the bounds allow (domain/limits.h) costs 10^18 ticks: still exact.
    auto largest = ledger.reserve(a, buy(limits::kMaxQuantity, limits::kMaxPriceTicks), std::nullopt);
    ASSERT_FALSE(largest.ok());
    EXPECT_EQ(largest.error(), "not enough cash: 0.0005 available, 100000000000000.00 needed");
    // Beyond the bounds an order is refused for what it is, before any arithmetic.
    auto huge = ledger.reserve(a, buy(10'000'000, 999'999'999'999'999), std::nullopt);
    ASSERT_FALSE(huge.ok());
    EXPECT_EQ(huge.error(), "price must be at most 10000000");
    auto many = ledger.reserve(a, buy(limits::kMaxQuantity + 1, kTick), std::nullopt);
    ASSERT_FALSE(many.ok());
    EXPECT_EQ(many.error(), "qty must be a whole number from 1 to 10000000");
    EXPECT_EQ(a, poor);
    a = before;
    auto s = ledger.reserve(a, sell(1, 100 * kTick), std::nullopt);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("no short selling"), std::string::npos);
    EXPECT_EQ(a, before);
}

TEST(Ledger, ASellReservesHeldSharesOnlyOnce) {
    Ledger ledger({});
    Account a;
    a.holdings["AAPL"] = Holding{10, 0, m(1'000 * kTick)};
    ASSERT_TRUE(ledger.reserve(a, sell(6, 100 * kTick), std::nullopt).ok());
    EXPECT_EQ(a.holdings["AAPL"].reserved, 6);
    auto again = ledger.reserve(a, sell(5, 100 * kTick), std::nullopt);
    ASSERT_FALSE(again.ok());
    EXPECT_NE(again.error().find("4 of AAPL available"), std::string::npos);
    // A market sell needs a reference price for its floor; refused without one, it reserves nothing.
    const auto blind = ledger.reserve(a, sell(4, 0), std::nullopt);
    ASSERT_FALSE(blind.ok());
    EXPECT_NE(blind.error().find("no usable last price"), std::string::npos) << blind.error();
    EXPECT_EQ(a.holdings["AAPL"].reserved, 6);
    const auto market = ledger.reserve(a, sell(4, 0), px(100 * kTick));
    ASSERT_TRUE(market.ok());
    EXPECT_EQ(market.value().price.ticks(), 95 * kTick);
    EXPECT_EQ(a.holdings["AAPL"].reserved, 10);
}

TEST(Ledger, AMarketSellKeepsTheFloorOfTheLastPriceAndRefusesFillsBelowIt) {
    Ledger ledger({500});
    EXPECT_EQ(ledger.floorPrice(px(100 * kTick)).ticks(), 95 * kTick);
    EXPECT_EQ(ledger.floorPrice(px(19)).ticks(), 18); // rounded down: never above the floor
    EXPECT_EQ(ledger.floorPrice(px(1)).ticks(), 1);   // and never below the smallest price
    Account a;
    a.holdings["AAPL"] = Holding{10, 0, m(1'000 * kTick)};
    const Reservation r = ledger.reserve(a, sell(10, 0), px(100 * kTick)).value();
    const auto below = Ledger::fillError(r, OrderType::Market, Price(), false, 0, false, px(95 * kTick - 1), 1);
    ASSERT_TRUE(below.has_value());
    EXPECT_NE(below->find("below the market sell's floor 95"), std::string::npos) << *below;
    EXPECT_FALSE(Ledger::fillError(r, OrderType::Market, Price(), false, 0, false, px(95 * kTick), 10).has_value());
}

TEST(Ledger, AMarketBuyReservesTheCollarOfTheLastPrice) {
    Ledger ledger({500});
    Account a = withCash(10'000 * kTick);
    EXPECT_EQ(ledger.collarPrice(px(100 * kTick)).ticks(), 105 * kTick);
    EXPECT_EQ(ledger.collarPrice(px(1)).ticks(), 2); // rounded up: never less than the collar
    auto r = ledger.reserve(a, buy(10, 0), px(100 * kTick));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value().price.ticks(), 105 * kTick);
    EXPECT_EQ(a.reservedCash.ticks(), 1'050 * kTick);
    auto none = ledger.reserve(a, buy(10, 0), std::nullopt);
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.error().find("no usable last price"), std::string::npos) << none.error();
    // A last price beyond the bounds is no reference; the collar never passes the largest price.
    EXPECT_FALSE(ledger.reserve(a, buy(10, 0), px(limits::kMaxPriceTicks + 1)).ok());
    EXPECT_EQ(ledger.collarPrice(px(limits::kMaxPriceTicks)).ticks(), limits::kMaxPriceTicks);
    EXPECT_EQ(a.reservedCash.ticks(), 1'050 * kTick);
}

TEST(Ledger, FillsMoveCashAndSharesAndReleaseReservations) {
    Ledger ledger({});
    Account buyer = withCash(10'000 * kTick);
    Account seller;
    seller.holdings["AAPL"] = Holding{10, 0, m(900 * kTick)}; // bought at 90
    auto b = ledger.reserve(buyer, buy(10, 101 * kTick), std::nullopt).value();
    auto s = ledger.reserve(seller, sell(10, 99 * kTick), std::nullopt).value();

    // 4 at 100 (better than the buyer's limit): the buyer pays 400, releases 404 of reservation.
    Ledger::settleBuy(buyer, b, px(100 * kTick), 4);
    Ledger::settleSell(seller, s, px(100 * kTick), 4);
    EXPECT_EQ(buyer.cash.ticks(), 9'600 * kTick);
    EXPECT_EQ(buyer.reservedCash.ticks(), 606 * kTick);
    EXPECT_EQ(buyer.holdings["AAPL"], (Holding{4, 0, m(400 * kTick)}));
    EXPECT_EQ(seller.cash.ticks(), 400 * kTick);
    EXPECT_EQ(seller.holdings["AAPL"], (Holding{6, 6, m(540 * kTick)}));
    EXPECT_EQ(seller.realizedPnl.ticks(), 40 * kTick); // (100 - 90) × 4

    // The rest is cancelled: everything still held back comes back.
    Ledger::release(buyer, b, 4);
    Ledger::release(seller, s, 4);
    EXPECT_EQ(buyer.reservedCash.ticks(), 0);
    EXPECT_EQ(buyer.availableCash().ticks(), 9'600 * kTick);
    EXPECT_EQ(seller.holdings["AAPL"].reserved, 0);
    EXPECT_EQ(b, (Reservation{Side::Buy, "AAPL", 10, 4, px(101 * kTick), m(0), 0}));
}

// The order's end can be known (order-events) before its last trade (trades): what the
// unsettled fills need stays reserved until they settle.
TEST(Ledger, AnEndSeenBeforeItsTradesKeepsWhatTheyNeed) {
    Ledger ledger({});
    Account buyer = withCash(10'000 * kTick);
    Account seller;
    seller.holdings["AAPL"] = Holding{10, 0, m(1'000 * kTick)};
    auto b = ledger.reserve(buyer, buy(10, 100 * kTick), std::nullopt).value();
    auto s = ledger.reserve(seller, sell(10, 100 * kTick), std::nullopt).value();
    Ledger::settleBuy(buyer, b, px(100 * kTick), 2);
    Ledger::settleSell(seller, s, px(100 * kTick), 2);
    // Both orders end having traded 6: four are not settled yet.
    Ledger::release(buyer, b, 6);
    Ledger::release(seller, s, 6);
    EXPECT_EQ(buyer.reservedCash.ticks(), 400 * kTick);
    EXPECT_EQ(seller.holdings["AAPL"].reserved, 4);
    Ledger::settleBuy(buyer, b, px(100 * kTick), 4);
    Ledger::settleSell(seller, s, px(100 * kTick), 4);
    EXPECT_EQ(buyer.reservedCash.ticks(), 0);
    EXPECT_EQ(buyer.cash.ticks(), 9'400 * kTick);
    EXPECT_EQ(buyer.holdings["AAPL"].qty, 6);
    EXPECT_EQ(seller.holdings["AAPL"], (Holding{4, 0, m(400 * kTick)}));
    EXPECT_EQ(seller.cash.ticks(), 600 * kTick);
    Ledger::release(buyer, b, 6); // a repeated end changes nothing
    EXPECT_EQ(buyer.reservedCash.ticks(), 0);
}

TEST(Ledger, RealizedPnlUsesTheAverageCostAndLosesNoRounding) {
    Account a;
    a.holdings["X"] = Holding{3, 0, m(10)}; // 3 shares that cost 10 ticks: 3.33 each
    Reservation r{Side::Sell, "X", 3, 0, px(0), m(0), 3};
    a.holdings["X"].reserved = 3;
    Ledger::settleSell(a, r, px(5), 1); // cost out 10 × 1 / 3 = 3
    EXPECT_EQ(a.realizedPnl.ticks(), 2);
    Ledger::settleSell(a, r, px(5), 1);        // 7 × 1 / 2 = 3
    Ledger::settleSell(a, r, px(5), 1);        // the last takes the remaining 4
    EXPECT_EQ(a.realizedPnl.ticks(), 15 - 10); // proceeds − cost, exactly
    EXPECT_TRUE(a.holdings.empty());
}

TEST(Ledger, RefusesFillsBeyondAReservation) {
    Ledger ledger({});
    Account a = withCash(1'000 * kTick);
    auto b = ledger.reserve(a, buy(5, 100 * kTick), std::nullopt).value();
    EXPECT_THROW(Ledger::settleBuy(a, b, px(101 * kTick), 1), std::logic_error); // above the limit
    EXPECT_THROW(Ledger::settleBuy(a, b, px(100 * kTick), 6), std::logic_error); // more than ordered
}

TEST(Ledger, FillErrorRefusesFillsThatAreNotTheOrders) {
    Ledger ledger({});
    Account a = withCash(1'000 * kTick);
    a.holdings["AAPL"] = Holding{10, 0, m(1'000 * kTick)};
    const auto b = ledger.reserve(a, buy(5, 100 * kTick), std::nullopt).value();
    const auto s = ledger.reserve(a, sell(5, 100 * kTick), std::nullopt).value();
    // Why a fill of `qty` at `price` cannot be the order's; a live order (not finished) unless said.
    const auto error = [](const Reservation& r, std::int64_t price, std::int64_t qty, bool maker = false,
                          bool finished = false, std::int64_t filled = 0) {
        const auto limit = px(100 * kTick);
        return Ledger::fillError(r, OrderType::Limit, limit, finished, filled, maker, px(price), qty).value_or("");
    };
    EXPECT_EQ(error(b, 100 * kTick, 5), "");
    EXPECT_EQ(error(s, 100 * kTick, 5), "");
    EXPECT_EQ(error(b, 99 * kTick, 5), "");  // a taker buy may pay less than its limit
    EXPECT_EQ(error(s, 101 * kTick, 5), ""); // and a taker sell receive more
    EXPECT_NE(error(b, 100 * kTick + 1, 1).find("above the buy order's limit"), std::string::npos);
    EXPECT_NE(error(s, 100 * kTick - 1, 1).find("below the sell order's limit"), std::string::npos);
    EXPECT_NE(error(b, 100 * kTick, 6).find("exceeds the 5 shares"), std::string::npos);
    // A finished order takes only the fills the exchange reported.
    EXPECT_NE(error(b, 100 * kTick, 4, false, true, 3).find("exceeds the 3 shares"), std::string::npos);
    EXPECT_EQ(error(b, 100 * kTick, 3, false, true, 3), "");
    EXPECT_NE(error(b, 0, 1), "");
    EXPECT_NE(error(b, 100 * kTick, 0), "");
    // A resting (maker) limit order trades at its own price, never another.
    EXPECT_NE(error(b, 99 * kTick, 1, true).find("resting order's limit"), std::string::npos);
    EXPECT_NE(error(s, 101 * kTick, 1, true).find("resting order's limit"), std::string::npos);
    EXPECT_EQ(error(s, 100 * kTick, 1, true), "");
}

// Random trading between accounts: cash and shares are conserved exactly, nobody's available
// cash or free shares ever go negative, and with every order ended nothing stays reserved.
TEST(Ledger, RandomTradingConservesCashAndShares) {
    Ledger ledger({});
    std::mt19937_64 random(5);
    std::vector<Account> accounts(4);
    for (auto& a : accounts) {
        a.cash = Money::fromTicks(50'000 * kTick);
        a.holdings["X"] = Holding{500, 0, m(500 * 100 * kTick)};
    }
    const auto total = [&] {
        std::int64_t cash = 0, shares = 0;
        for (const auto& a : accounts) {
            cash += a.cash.ticks();
            if (const auto it = a.holdings.find("X"); it != a.holdings.end())
                shares += it->second.qty;
        }
        return std::pair{cash, shares};
    };
    const auto start = total();
    struct Open {
        std::size_t account;
        Reservation reservation;
    };
    std::vector<Open> buys, sells;
    int fills = 0;
    for (int step = 0; step < 20'000; ++step) {
        const auto who = static_cast<std::size_t>(random() % accounts.size());
        const auto qty = 1 + static_cast<std::int64_t>(random() % 20);
        const auto price = (90 + static_cast<std::int64_t>(random() % 20)) * kTick;
        const auto action = random() % 4;
        if (action == 0) {
            if (auto r = ledger.reserve(accounts[who], buy(qty, price, "X"), std::nullopt))
                buys.push_back({who, r.value()});
        } else if (action == 1) {
            if (auto r = ledger.reserve(accounts[who], sell(qty, price, "X"), std::nullopt))
                sells.push_back({who, r.value()});
        } else if (action == 2 && !buys.empty() && !sells.empty()) {
            auto& b = buys[random() % buys.size()];
            auto& s = sells[random() % sells.size()];
            const auto q =
                std::min(b.reservation.qty - b.reservation.settled, s.reservation.qty - s.reservation.settled);
            const auto p = std::min(b.reservation.price, px(price));
            Ledger::settleBuy(accounts[b.account], b.reservation, p, q);
            Ledger::settleSell(accounts[s.account], s.reservation, p, q);
            ++fills;
        } else if (action == 3) {
            auto& list = random() % 2 ? buys : sells;
            if (!list.empty()) {
                const auto at = random() % list.size();
                Ledger::release(accounts[list[at].account], list[at].reservation, list[at].reservation.settled);
                list.erase(list.begin() + static_cast<std::ptrdiff_t>(at));
            }
        }
        for (auto* list : {&buys, &sells})
            std::erase_if(*list, [&](Open& o) {
                if (o.reservation.settled < o.reservation.qty)
                    return false;
                Ledger::release(accounts[o.account], o.reservation, o.reservation.qty);
                return true;
            });
        ASSERT_EQ(total(), start) << "at step " << step;
        for (const auto& a : accounts) {
            ASSERT_GE(a.availableCash().ticks(), 0);
            for (const auto& [symbol, h] : a.holdings)
                ASSERT_TRUE(h.reserved >= 0 && h.reserved <= h.qty);
        }
    }
    EXPECT_GT(fills, 2'000);
    for (auto* list : {&buys, &sells})
        for (auto& o : *list)
            Ledger::release(accounts[o.account], o.reservation, o.reservation.settled);
    for (const auto& a : accounts) {
        EXPECT_EQ(a.reservedCash.ticks(), 0);
        for (const auto& [symbol, h] : a.holdings)
            EXPECT_EQ(h.reserved, 0);
    }
}
