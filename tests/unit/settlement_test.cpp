#include <gtest/gtest.h>

#include "platform_api/settlement.h"
#include "support/scratch_dir.h"

using namespace kse;

namespace {

constexpr std::int64_t kTick = 10'000;

class SettlementTest : public testing::Test {
protected:
    void SetUp() override {
        m_buyer = m_users.createUser("buyer", "h", Role::Trader, 10'000 * kTick, 1)->id;
        m_seller = m_users.createUser("seller", "h", Role::Trader, 0, 1)->id;
        Account s = m_users.account(m_seller);
        s.holdings["AAPL"] = Holding{50, 0, 50 * 80 * kTick};
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
        o.price = price;
        o.reservation = m_ledger.reserve(account, {"AAPL", side, OrderType::Limit, qty, price}, std::nullopt).value();
        m_orders.insert(o);
        m_users.saveAccount(user, account);
    }
    static TradeMessage trade(std::string id, std::int64_t price, std::int64_t qty) {
        return TradeMessage{std::move(id), "AAPL", price, qty, "b1", "s1", "", "", 50};
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
        return {b.cash + s.cash, shares(b) + shares(s)};
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
    EXPECT_TRUE(m_settlement.applyTrade(trade("AAPL-1", 100 * kTick, 20)));
    EXPECT_FALSE(m_settlement.applyTrade(trade("AAPL-1", 100 * kTick, 20))); // a replayed trade
    EXPECT_EQ(totals(), before);
    const Account b = m_users.account(m_buyer), s = m_users.account(m_seller);
    EXPECT_EQ(b.cash, 8'000 * kTick);
    EXPECT_EQ(b.holdings.at("AAPL").qty, 20);
    EXPECT_EQ(s.cash, 2'000 * kTick);
    EXPECT_EQ(s.holdings.at("AAPL"), (Holding{30, 10, 30 * 80 * kTick}));
    EXPECT_EQ(s.realizedPnl, 20 * 20 * kTick);
    EXPECT_EQ(m_orders.find("b1")->notional, 2'000 * kTick);
}

TEST_F(SettlementTest, EachTradeIsOneFillOfEachSideAndAReplayAddsNone) {
    ASSERT_TRUE(m_settlement.applyTrade(trade("AAPL-1", 100 * kTick, 5)));
    ASSERT_TRUE(m_settlement.applyTrade(trade("AAPL-2", 100 * kTick + 1, 15)));
    EXPECT_FALSE(m_settlement.applyTrade(trade("AAPL-1", 100 * kTick, 5)));
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
    EXPECT_TRUE(m_settlement.applyEvent(event("b1", OrderStatus::Filled, 20)));
    EXPECT_EQ(m_users.account(m_buyer).reservedCash, 20 * 101 * kTick); // kept for the unsettled fill
    EXPECT_TRUE(m_settlement.applyTrade(trade("AAPL-1", 100 * kTick, 20)));
    EXPECT_TRUE(m_settlement.applyEvent(event("s1", OrderStatus::Cancelled, 20)));
    EXPECT_EQ(m_users.account(m_buyer).reservedCash, 0);
    EXPECT_EQ(m_users.account(m_seller).holdings.at("AAPL").reserved, 0);
    EXPECT_EQ(m_orders.find("b1")->status, "filled");
    EXPECT_EQ(m_orders.find("s1")->status, "cancelled");
    EXPECT_FALSE(m_settlement.applyEvent(event("s1", OrderStatus::Cancelled, 20))); // a repeat
}

TEST_F(SettlementTest, MessagesAboutOtherOrdersChangeNothing) {
    EXPECT_FALSE(m_settlement.applyEvent(event("elsewhere", OrderStatus::Filled, 1)));
    TradeMessage t = trade("AAPL-9", 100 * kTick, 1);
    t.buyOrderId = "x";
    t.sellOrderId = "y";
    const auto before = totals();
    EXPECT_FALSE(m_settlement.applyTrade(t));
    EXPECT_EQ(totals(), before);
}
