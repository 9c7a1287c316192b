#include <gtest/gtest.h>

#include "platform_api/settlement.h"
#include "support/scratch_dir.h"

using namespace kse;

namespace {

constexpr std::int64_t kTick = 10'000;

Price px(std::int64_t ticks) { return Price::fromTicks(ticks); }

class SettlementTest : public testing::Test {
protected:
    void SetUp() override {
        m_buyer = m_users.createUser("buyer", "h", Role::Trader, 10'000 * kTick, 1)->id;
        m_seller = m_users.createUser("seller", "h", Role::Trader, 0, 1)->id;
        Account s = m_users.account(m_seller);
        s.holdings["AAPL"] = Holding{50, 0, Money::fromTicks(50 * 80 * kTick)};
        m_users.saveAccount(m_seller, s);
        place("b1", m_buyer, Side::Buy, 20, 101 * kTick);
        place("s1", m_seller, Side::Sell, 30, 100 * kTick);
    }
    void place(const std::string& id, std::int64_t user, Side side, std::int64_t qty, std::int64_t price) {
        Account account = m_users.account(user);
        PlatformOrder o;
        o.id = id;
        o.userId = user;
        o.symbol = "AAPL";
        o.side = side;
        o.qty = qty;
        o.price = px(price);
        o.reservation =
            m_ledger.reserve(account, {"AAPL", side, OrderType::Limit, qty, px(price)}, std::nullopt).value();
        m_orders.insert(o);
        m_users.saveAccount(user, account);
    }
    static TradeMessage trade(std::string id, std::int64_t price, std::int64_t qty) {
        TradeMessage t;
        t.tradeId = std::move(id);
        t.symbol = "AAPL";
        t.price = px(price);
        t.qty = qty;
        t.buyOrderId = "b1";
        t.sellOrderId = "s1";
        t.ts = 50;
        return t; // no aggressor: neither side is known to have rested
    }
    static OrderEventMessage event(std::string id, OrderStatus status, std::int64_t filled) {
        OrderEventMessage e;
        e.orderId = std::move(id);
        e.status = status;
        e.filled = filled;
        return e;
    }
    std::pair<std::int64_t, std::int64_t> totals() {
        const Account b = m_users.account(m_buyer), s = m_users.account(m_seller);
        const auto shares = [](const Account& a) {
            const auto it = a.holdings.find("AAPL");
            return it == a.holdings.end() ? 0 : it->second.qty;
        };
        return {b.cash.ticks() + s.cash.ticks(), shares(b) + shares(s)};
    }

    test::ScratchDir m_dir{"kse-settlement"};
    UserStore m_users{m_dir.file("platform-api.db")};
    OrderRepository m_orders{m_users.db()};
    Ledger m_ledger{{}};
    Settlement m_settlement{m_users, m_orders};
    std::int64_t m_buyer = 0, m_seller = 0;
};

} // namespace

TEST_F(SettlementTest, ATradeMovesCashAndSharesOnceAndConservesBoth) {
    const auto before = totals();
    EXPECT_TRUE(m_settlement.applyTrade(trade("AAPL-1", 100 * kTick, 20)).changed);
    EXPECT_FALSE(m_settlement.applyTrade(trade("AAPL-1", 100 * kTick, 20)).changed); // a replayed trade
    EXPECT_EQ(totals(), before);
    const Account b = m_users.account(m_buyer), s = m_users.account(m_seller);
    EXPECT_EQ(b.cash.ticks(), 8'000 * kTick);
    EXPECT_EQ(b.holdings.at("AAPL").qty, 20);
    EXPECT_EQ(s.cash.ticks(), 2'000 * kTick);
    EXPECT_EQ(s.holdings.at("AAPL"), (Holding{30, 10, Money::fromTicks(30 * 80 * kTick)}));
    EXPECT_EQ(s.realizedPnl.ticks(), 20 * 20 * kTick);
    EXPECT_EQ(m_orders.find("b1")->notional.ticks(), 2'000 * kTick);
}

TEST_F(SettlementTest, EachTradeIsOneFillOfEachSideAndAReplayAddsNone) {
    ASSERT_TRUE(m_settlement.applyTrade(trade("AAPL-1", 100 * kTick, 5)).changed);
    ASSERT_TRUE(m_settlement.applyTrade(trade("AAPL-2", 100 * kTick + 1, 15)).changed);
    EXPECT_FALSE(m_settlement.applyTrade(trade("AAPL-1", 100 * kTick, 5)).changed);
    using Fill = OrderRepository::Fill;
    const auto buyerFills = m_orders.fillsOfUser(m_buyer, std::nullopt, 100);
    ASSERT_EQ(buyerFills.size(), 2u);
    // Newest first; both at ts 50, so by trade id.
    EXPECT_EQ(buyerFills[0], (Fill{"AAPL-2", "b1", m_buyer, "AAPL", Side::Buy, 100 * kTick + 1, 15, 50}));
    EXPECT_EQ(buyerFills[1], (Fill{"AAPL-1", "b1", m_buyer, "AAPL", Side::Buy, 100 * kTick, 5, 50}));
    const auto sellerFills = m_orders.fillsOfUser(m_seller, std::string("AAPL"), 1);
    ASSERT_EQ(sellerFills.size(), 1u);
    EXPECT_EQ(sellerFills[0], (Fill{"AAPL-2", "s1", m_seller, "AAPL", Side::Sell, 100 * kTick + 1, 15, 50}));
    EXPECT_TRUE(m_orders.fillsOfUser(m_seller, std::string("MSFT"), 100).empty());
}

TEST_F(SettlementTest, OrdersEndAndReleaseWhatTheyHeldWhateverComesFirst) {
    // The buyer's end arrives before the trade, the seller's after it.
    EXPECT_TRUE(m_settlement.applyEvent(event("b1", OrderStatus::Filled, 20)).changed);
    EXPECT_EQ(m_users.account(m_buyer).reservedCash.ticks(), 20 * 101 * kTick); // kept for the unsettled fill
    EXPECT_TRUE(m_settlement.applyTrade(trade("AAPL-1", 100 * kTick, 20)).changed);
    EXPECT_TRUE(m_settlement.applyEvent(event("s1", OrderStatus::Cancelled, 20)).changed);
    EXPECT_EQ(m_users.account(m_buyer).reservedCash.ticks(), 0);
    EXPECT_EQ(m_users.account(m_seller).holdings.at("AAPL").reserved, 0);
    EXPECT_EQ(m_orders.find("b1")->status, OrderStatus::Filled);
    EXPECT_EQ(m_orders.find("s1")->status, OrderStatus::Cancelled);
    EXPECT_FALSE(m_settlement.applyEvent(event("s1", OrderStatus::Cancelled, 20)).changed); // a repeat
}

TEST_F(SettlementTest, MessagesAboutOtherOrdersChangeNothing) {
    const auto elsewhere = m_settlement.applyEvent(event("elsewhere", OrderStatus::Filled, 1));
    EXPECT_FALSE(elsewhere.changed);
    EXPECT_EQ(elsewhere.refusal, "");
    TradeMessage t = trade("AAPL-9", 100 * kTick, 1);
    t.buyOrderId = "x";
    t.sellOrderId = "y";
    const auto before = totals();
    const auto outcome = m_settlement.applyTrade(t);
    EXPECT_FALSE(outcome.changed);
    EXPECT_EQ(outcome.refusal, "");
    EXPECT_EQ(totals(), before);
}

// A trade that disagrees with an order it names is refused whole: neither side moves, no fill is
// recorded, and its id stays free for a correct copy.
TEST_F(SettlementTest, ATradeThatDisagreesWithItsOrdersIsRefusedAndChangesNothing) {
    const Account buyerBefore = m_users.account(m_buyer), sellerBefore = m_users.account(m_seller);
    const auto refused = [&](const TradeMessage& t, const std::string& why) {
        const auto outcome = m_settlement.applyTrade(t);
        EXPECT_FALSE(outcome.changed) << why;
        EXPECT_NE(outcome.refusal.find(why), std::string::npos) << outcome.refusal;
        EXPECT_EQ(m_users.account(m_buyer), buyerBefore) << why;
        EXPECT_EQ(m_users.account(m_seller), sellerBefore) << why;
    };
    refused(trade("AAPL-1", 102 * kTick, 1), "above the buy order's limit");
    refused(trade("AAPL-1", 99 * kTick, 1), "below the sell order's limit");
    refused(trade("AAPL-1", 100 * kTick, 21), "exceeds the 20 shares");
    TradeMessage other = trade("AAPL-1", 100 * kTick, 1);
    other.symbol = "MSFT";
    refused(other, "is for AAPL, not MSFT");
    TradeMessage swapped = trade("AAPL-1", 100 * kTick, 1);
    std::swap(swapped.buyOrderId, swapped.sellOrderId);
    refused(swapped, "is not a buy order");
    TradeMessage same = trade("AAPL-1", 100 * kTick, 1);
    same.sellOrderId = "b1";
    refused(same, "is not a sell order");
    // Trades print at the resting order's price: the buyer came second, so the seller's 100.
    TradeMessage offMaker = trade("AAPL-1", 100 * kTick + 1, 1);
    offMaker.aggressor = Side::Buy;
    refused(offMaker, "resting order's limit");
    EXPECT_TRUE(m_orders.fillsOfUser(m_buyer, std::nullopt, 100).empty());

    TradeMessage correct = trade("AAPL-1", 100 * kTick, 1);
    correct.aggressor = Side::Buy;
    const auto outcome = m_settlement.applyTrade(correct);
    EXPECT_TRUE(outcome.changed);
    EXPECT_EQ(outcome.refusal, "");
    EXPECT_EQ(m_users.account(m_buyer).holdings.at("AAPL").qty, 1);
}

TEST_F(SettlementTest, AnEventThatDisagreesWithItsOrderIsRefused) {
    const Account before = m_users.account(m_buyer);
    const auto tooMany = m_settlement.applyEvent(event("b1", OrderStatus::Filled, 21));
    EXPECT_FALSE(tooMany.changed);
    EXPECT_EQ(tooMany.refusal, "order event for b1 reports 21 filled of an order for 20");
    OrderEventMessage other = event("b1", OrderStatus::Cancelled, 0);
    other.symbol = "MSFT";
    const auto wrongSymbol = m_settlement.applyEvent(other);
    EXPECT_FALSE(wrongSymbol.changed);
    EXPECT_EQ(wrongSymbol.refusal, "order event for b1 names MSFT, the order is for AAPL");
    EXPECT_EQ(m_users.account(m_buyer), before);
    EXPECT_EQ(m_orders.find("b1")->status, OrderStatus::Pending);
}

TEST_F(SettlementTest, ChangesNameEachOrderOnceAtItsNewestAndEveryFill) {
    EXPECT_TRUE(m_settlement.takeChanges().empty());
    ASSERT_TRUE(m_settlement.applyTrade(trade("AAPL-1", 100 * kTick, 5)).changed);
    ASSERT_TRUE(m_settlement.applyTrade(trade("AAPL-2", 100 * kTick, 15)).changed);
    ASSERT_TRUE(m_settlement.applyEvent(event("b1", OrderStatus::Filled, 20)).changed);
    const auto changes = m_settlement.takeChanges();
    ASSERT_EQ(changes.orders.size(), 2u);
    EXPECT_EQ(changes.orders[0].id, "b1");
    EXPECT_EQ(changes.orders[0].status, OrderStatus::Filled); // the newest, not the first seen
    EXPECT_EQ(changes.orders[0].filled, 20);
    EXPECT_EQ(changes.orders[1].id, "s1");
    EXPECT_EQ(changes.orders[1].reservation.settled, 20); // both trades' shares, settled
    ASSERT_EQ(changes.fills.size(), 4u);                  // each trade is one fill of each side
    EXPECT_EQ(changes.fills[0].tradeId, "AAPL-1");
    EXPECT_EQ(changes.fills[0].userId, m_buyer);
    EXPECT_EQ(changes.fills[1].userId, m_seller);
    EXPECT_EQ(changes.fills[3].qty, 15);
    // Taken means gone; what changes nothing (a replay, a refusal) is not reported.
    EXPECT_TRUE(m_settlement.takeChanges().empty());
    EXPECT_FALSE(m_settlement.applyTrade(trade("AAPL-1", 100 * kTick, 5)).changed);
    EXPECT_FALSE(m_settlement.applyEvent(event("unknown", OrderStatus::Filled, 1)).changed);
    EXPECT_TRUE(m_settlement.takeChanges().empty());
}
