#include <gtest/gtest.h>

#include "platform_api/platform_order.h"

using namespace kse;

namespace {

constexpr std::int64_t kTick = 10'000;

Price px(std::int64_t ticks) { return Price::fromTicks(ticks); }

OrderEventMessage event(OrderStatus status, std::int64_t filled, bool cancel = false, std::string reason = {}) {
    OrderEventMessage e;
    e.orderId = "o1";
    e.status = status;
    e.filled = filled;
    e.answersCancel = cancel;
    e.reason = std::move(reason);
    e.ts = 100 + filled;
    return e;
}

struct Fixture {
    Ledger ledger{{}};
    Account account;
    PlatformOrder order;
    Fixture(Side side, std::int64_t qty, std::int64_t price) {
        account.cash = Money::fromTicks(10'000 * kTick);
        account.holdings["AAPL"] = Holding{100, 0, Money::fromTicks(100 * 90 * kTick)};
        order.id = "o1";
        order.symbol = "AAPL";
        order.side = side;
        order.qty = qty;
        order.price = px(price);
        order.reservation =
            ledger.reserve(account, {"AAPL", side, OrderType::Limit, qty, px(price)}, std::nullopt).value();
    }
};

} // namespace

TEST(OrderLifecycle, FollowsTheExchangeAndReleasesAtTheEnd) {
    Fixture f(Side::Buy, 10, 100 * kTick);
    EXPECT_TRUE(OrderLifecycle::onEvent(f.order, f.account, event(OrderStatus::Accepted, 0)));
    EXPECT_EQ(f.order.status, OrderStatus::Accepted);
    EXPECT_FALSE(OrderLifecycle::onEvent(f.order, f.account, event(OrderStatus::Accepted, 0))); // a repeat
    OrderLifecycle::onFill(f.order, f.account, px(99 * kTick), 4, 200);
    EXPECT_TRUE(OrderLifecycle::onEvent(f.order, f.account, event(OrderStatus::PartiallyFilled, 4)));
    EXPECT_EQ(f.order.filled, 4);
    EXPECT_EQ(f.order.notional.ticks(), 396 * kTick);
    EXPECT_EQ(f.account.reservedCash.ticks(), 600 * kTick);
    EXPECT_TRUE(OrderLifecycle::onEvent(f.order, f.account, event(OrderStatus::Cancelled, 4, true, "cancelled")));
    EXPECT_EQ(f.order.status, OrderStatus::Cancelled);
    EXPECT_EQ(f.order.reason, "cancelled");
    EXPECT_EQ(f.account.reservedCash.ticks(), 0);
    EXPECT_EQ(f.account.cash.ticks(), (10'000 - 396) * kTick);
    EXPECT_FALSE(OrderLifecycle::onEvent(f.order, f.account, event(OrderStatus::PartiallyFilled, 4))); // stale
}

TEST(OrderLifecycle, ARefusedCancelLeavesTheOrderStanding) {
    Fixture f(Side::Sell, 10, 100 * kTick);
    OrderLifecycle::onEvent(f.order, f.account, event(OrderStatus::Accepted, 0));
    EXPECT_TRUE(OrderLifecycle::onEvent(f.order, f.account,
                                        event(OrderStatus::Rejected, 0, true, "the order is already finished")));
    EXPECT_EQ(f.order.status, OrderStatus::Accepted);
    EXPECT_EQ(f.order.cancelRefusal, "the order is already finished");
    EXPECT_EQ(f.account.holdings["AAPL"].reserved, 10);
}

TEST(OrderLifecycle, ARejectedOrderGivesEverythingBack) {
    Fixture f(Side::Sell, 10, 100 * kTick);
    EXPECT_TRUE(OrderLifecycle::onEvent(f.order, f.account, event(OrderStatus::Rejected, 0, false, "self_trade")));
    EXPECT_EQ(f.order.status, OrderStatus::Rejected);
    EXPECT_EQ(f.order.reason, "self_trade");
    EXPECT_EQ(f.account.holdings["AAPL"].reserved, 0);
}

TEST(OrderLifecycle, AFillEventBeforeItsTradeKeepsTheReservationTheTradeNeeds) {
    Fixture f(Side::Buy, 10, 100 * kTick);
    OrderLifecycle::onEvent(f.order, f.account, event(OrderStatus::Accepted, 0));
    EXPECT_TRUE(OrderLifecycle::onEvent(f.order, f.account, event(OrderStatus::Filled, 10)));
    EXPECT_EQ(f.account.reservedCash.ticks(), 1'000 * kTick); // all ten still to settle
    OrderLifecycle::onFill(f.order, f.account, px(95 * kTick), 10, 300);
    EXPECT_EQ(f.account.reservedCash.ticks(), 0);
    EXPECT_EQ(f.account.cash.ticks(), 9'050 * kTick);
    EXPECT_EQ(f.account.holdings["AAPL"].qty, 110);
    EXPECT_EQ(f.order.notional.ticks(), 950 * kTick);
}

TEST(OrderLifecycle, IgnoresTheRefusalOfACopySentAgain) {
    Fixture f(Side::Buy, 10, 100 * kTick);
    OrderLifecycle::onEvent(f.order, f.account, event(OrderStatus::Accepted, 0));
    EXPECT_FALSE(OrderLifecycle::onEvent(f.order, f.account,
                                         event(OrderStatus::Rejected, 0, false, std::string(reasons::kDuplicateId))));
    EXPECT_EQ(f.order.status, OrderStatus::Accepted);
    EXPECT_EQ(f.account.reservedCash.ticks(), 1'000 * kTick);
}

TEST(OrderLifecycle, FillErrorRefusesATradeThatNamesTheOrderWrongly) {
    Fixture f(Side::Buy, 10, 100 * kTick);
    EXPECT_EQ(OrderLifecycle::fillError(f.order, Side::Buy, "AAPL", false, px(99 * kTick), 4), std::nullopt);
    const auto side = OrderLifecycle::fillError(f.order, Side::Sell, "AAPL", false, px(99 * kTick), 4);
    ASSERT_TRUE(side);
    EXPECT_EQ(*side, "order o1 named as the sell side is not a sell order");
    const auto symbol = OrderLifecycle::fillError(f.order, Side::Buy, "MSFT", false, px(99 * kTick), 4);
    ASSERT_TRUE(symbol);
    EXPECT_EQ(*symbol, "order o1 is for AAPL, not MSFT");
    const auto above = OrderLifecycle::fillError(f.order, Side::Buy, "AAPL", false, px(101 * kTick), 4);
    ASSERT_TRUE(above);
    EXPECT_EQ(above->rfind("order o1: ", 0), 0U) << *above;
    // More than the order is for.
    EXPECT_TRUE(OrderLifecycle::fillError(f.order, Side::Buy, "AAPL", false, px(99 * kTick), 11));
}

TEST(OrderCommandFor, MarketOrdersGoAsLimitsAtTheirProtectionPrice) {
    PlatformOrder order;
    order.id = "o1";
    order.symbol = "AAPL";
    order.side = Side::Sell;
    order.type = OrderType::Market;
    order.tif = TimeInForce::Fok;
    order.qty = 5;
    order.reservation.price = px(95 * kTick);
    OrderCommand command = commandFor(order, "alice");
    EXPECT_EQ(command.type, OrderType::Limit);
    EXPECT_EQ(command.tif, TimeInForce::Fok); // FOK stays FOK; anything else becomes IOC
    EXPECT_EQ(command.price, 95 * kTick);
    order.tif = TimeInForce::Gtc;
    EXPECT_EQ(commandFor(order, "alice").tif, TimeInForce::Ioc);
    // A market sell kept from before floors existed has none: it stays a market order.
    order.reservation.price = Price();
    command = commandFor(order, "alice");
    EXPECT_EQ(command.type, OrderType::Market);
    EXPECT_EQ(command.price, 0);
}
