#include <gtest/gtest.h>

#include "platform_api/order_repository.h"
#include "platform_api/user_store.h"
#include "support/scratch_dir.h"

using namespace kse;

namespace {

class OrderRepositoryTest : public testing::Test {
protected:
    PlatformOrder order(const std::string& id, std::int64_t created, std::string_view status = "pending") {
        PlatformOrder o;
        o.id = id;
        o.userId = m_user;
        o.symbol = "AAPL";
        o.side = Side::Sell;
        o.type = OrderType::Market;
        o.tif = TimeInForce::Fok;
        o.qty = 10;
        o.status = parseStatus(status).value();
        o.reservation = Reservation{Side::Sell, "AAPL", 10, 0, Price(), Money(), 10};
        o.created = created;
        o.updated = created;
        return o;
    }

    test::ScratchDir m_dir{"kse-order-repository"};
    UserStore m_users{m_dir.file("platform-api.db")};
    OrderRepository m_orders{m_users.db()};
    std::int64_t m_user = m_users.createUser("carol", "h", Role::Trader, 0, 1)->id;
};

} // namespace

TEST_F(OrderRepositoryTest, OrdersRoundTripAndUpdate) {
    PlatformOrder o = order("o-1", 10);
    m_orders.insert(o);
    auto found = m_orders.find("o-1");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->side, Side::Sell);
    EXPECT_EQ(found->type, OrderType::Market);
    EXPECT_EQ(found->tif, TimeInForce::Fok);
    EXPECT_EQ(found->reservation, o.reservation);
    o.status = OrderStatus::PartiallyFilled;
    o.filled = 4;
    o.notional = Money::fromTicks(400);
    o.reason = "r";
    o.cancelRefusal = "c";
    o.reservation.settled = 4;
    o.reservation.shares = 6;
    o.updated = 20;
    m_orders.update(o);
    found = m_orders.find("o-1");
    EXPECT_EQ(found->status, OrderStatus::PartiallyFilled);
    EXPECT_EQ(found->filled, 4);
    EXPECT_EQ(found->notional.ticks(), 400);
    EXPECT_EQ(found->reason, "r");
    EXPECT_EQ(found->cancelRefusal, "c");
    EXPECT_EQ(found->reservation, o.reservation);
    EXPECT_EQ(found->created, 10);
    EXPECT_EQ(found->updated, 20);
    EXPECT_FALSE(m_orders.find("o-2"));
}

TEST_F(OrderRepositoryTest, AUsersOrdersNewestFirstWithAStatusFilter) {
    m_orders.insert(order("a", 1, "filled"));
    m_orders.insert(order("b", 2, "accepted"));
    m_orders.insert(order("c", 3, "filled"));
    const auto all = m_orders.ofUser(m_user, std::nullopt, 10);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].id, "c");
    EXPECT_EQ(all[2].id, "a");
    const auto filled = m_orders.ofUser(m_user, std::string("filled"), 10);
    ASSERT_EQ(filled.size(), 2u);
    EXPECT_EQ(filled[0].id, "c");
    EXPECT_EQ(m_orders.ofUser(m_user, std::nullopt, 1).size(), 1u);
    EXPECT_TRUE(m_orders.ofUser(m_user + 1, std::nullopt, 10).empty());
}

TEST_F(OrderRepositoryTest, OpenMeansNotFinishedYet) {
    m_orders.insert(order("p", 1, "pending"));
    m_orders.insert(order("a", 2, "accepted"));
    m_orders.insert(order("pf", 3, "partially_filled"));
    for (const char* finished : {"filled", "cancelled", "rejected"})
        m_orders.insert(order(finished, 4, finished));
    std::vector<std::string> ids;
    for (const auto& o : m_orders.ofUser(m_user, std::string("open"), 10))
        ids.push_back(o.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"pf", "a", "p"}));
}

TEST_F(OrderRepositoryTest, ATradeIsSettledOnceAndOffsetsAreKept) {
    EXPECT_TRUE(m_orders.markSettled("AAPL-1", 5));
    EXPECT_FALSE(m_orders.markSettled("AAPL-1", 6));
    EXPECT_TRUE(m_orders.markSettled("AAPL-2", 7));
    m_orders.saveOffset("trades", 3, 42);
    m_orders.saveOffset("trades", 3, 43);
    m_orders.saveOffset("order-events", 0, 7);
    const auto offsets = m_orders.offsets();
    EXPECT_EQ(offsets.size(), 2u);
    EXPECT_EQ(offsets.at({"trades", 3}), 43);
    EXPECT_EQ(offsets.at({"order-events", 0}), 7);
}

TEST_F(OrderRepositoryTest, KeepsTheNewestLastPrice) {
    EXPECT_FALSE(m_orders.lastPrice("AAPL"));
    m_orders.saveLastPrice("AAPL", 100, 10);
    m_orders.saveLastPrice("AAPL", 90, 5); // older: ignored
    EXPECT_EQ(m_orders.lastPrice("AAPL")->price, 100);
    EXPECT_EQ(m_orders.lastPrice("AAPL")->ts, 10);
    m_orders.saveLastPrice("AAPL", 110, 11);
    EXPECT_EQ(m_orders.lastPrice("AAPL")->price, 110);
    EXPECT_EQ(m_orders.lastPrice("AAPL")->ts, 11);
}
