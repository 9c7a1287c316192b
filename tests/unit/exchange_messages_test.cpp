#include <gtest/gtest.h>

#include "codec/flat_json.h"
#include "contract/exchange_messages.h"
#include "order_processor/order_event_codec.h"

using namespace kse;

namespace {

// Times of the trades below, and the reference the consumer would pass (their message timestamp).
constexpr std::int64_t kTs = 1'700'000'000'000;

std::string trade(const std::string& fields) {
    return R"({"trade_id":"t","buy_order_id":"b","sell_order_id":"s",)" + fields + "}";
}

} // namespace

TEST(FlatJson, ReadsMembersAndRefusesWhatIsNotOneObject) {
    std::string error;
    const auto f = FlatJson::parse(R"({"a":"x\"y","n":-12,"p":187.25,"t":true,"z":null,"o":{"k":[1,2]}})", error);
    ASSERT_TRUE(f) << error;
    EXPECT_EQ(f->string("a"), "x\"y");
    EXPECT_EQ(f->integer("n"), -12);
    EXPECT_EQ(f->integer("p"), std::nullopt);
    EXPECT_EQ(f->number("p"), "187.25");
    EXPECT_EQ(f->string("n"), std::nullopt);
    EXPECT_TRUE(f->has("o"));
    EXPECT_EQ(f->find("t")->kind, FlatJson::Kind::Literal);
    EXPECT_FALSE(f->has("missing"));
    for (const char* bad : {"", "[]", "{", R"({"a":1} x)", R"({"a" 1})", "nope"}) {
        error.clear();
        EXPECT_FALSE(FlatJson::parse(bad, error)) << bad;
        EXPECT_FALSE(error.empty()) << bad;
    }
}

TEST(ExchangeMessages, ReadsWhatTheOrderProcessorWrites) {
    OrderUpdate u;
    u.orderId = "o-1";
    u.userId = "alice";
    u.symbol = "AAPL";
    u.request = OrderCommand::Kind::Cancel;
    u.status = OrderStatus::Rejected;
    u.reason = "unknown order";
    auto e = decodeOrderEventMessage(encodeOrderUpdate(u, 77));
    ASSERT_TRUE(e.ok()) << e.error();
    EXPECT_EQ(e.value().orderId, "o-1");
    EXPECT_EQ(e.value().userId, "alice");
    EXPECT_TRUE(e.value().answersCancel);
    EXPECT_EQ(e.value().status, OrderStatus::Rejected);
    EXPECT_EQ(e.value().reason, "unknown order");
    EXPECT_EQ(e.value().ts, 77);

    u.request = OrderCommand::Kind::New;
    u.status = OrderStatus::PartiallyFilled;
    u.filled = 3;
    u.remaining = 7;
    u.reason.clear();
    e = decodeOrderEventMessage(encodeOrderUpdate(u, 1));
    ASSERT_TRUE(e.ok());
    EXPECT_FALSE(e.value().answersCancel);
    EXPECT_EQ(e.value().filled, 3);
    EXPECT_EQ(e.value().remaining, 7);

    TradeReport t{"AAPL-7", "AAPL", 7, 1'872'500, 10, "b", "s", "bob", "alice", Side::Sell};
    auto decoded = decodeTradeMessage(encodeTrade(t, kTs + 9), kTs);
    ASSERT_TRUE(decoded.ok()) << decoded.error();
    EXPECT_EQ(decoded.value().tradeId, "AAPL-7");
    EXPECT_EQ(decoded.value().price.ticks(), 1'872'500);
    EXPECT_EQ(decoded.value().qty, 10);
    EXPECT_EQ(decoded.value().buyOrderId, "b");
    EXPECT_EQ(decoded.value().sellOrderId, "s");
    EXPECT_EQ(decoded.value().ts, kTs + 9);
}

TEST(ExchangeMessages, RefusesBrokenMessagesWithReasons) {
    EXPECT_EQ(decodeOrderEventMessage(R"({"status":"filled","filled_qty":1})").error(),
              "order event: order_id is required");
    EXPECT_EQ(decodeOrderEventMessage(R"({"order_id":"o","status":"done","filled_qty":1})").error(),
              "order event: unknown status");
    EXPECT_EQ(decodeOrderEventMessage(R"({"order_id":"o","status":"filled"})").error(),
              "order event: filled_qty must be a whole number from 0 to 10000000");
    EXPECT_EQ(decodeTradeMessage(trade(R"("price":1.00001,"qty":1,"ts":1700000000000)"), kTs).error(),
              "trade: price must have at most 4 decimals");
    EXPECT_EQ(decodeTradeMessage(trade(R"("price":1,"qty":0,"ts":1700000000000)"), kTs).error(),
              "trade: qty must be a whole number from 1 to 10000000");
    EXPECT_EQ(
        decodeTradeMessage(R"({"trade_id":"t","price":1,"qty":2,"buy_order_id":"b","ts":1700000000000})", kTs).error(),
        "trade: buy_order_id and sell_order_id are required");
    EXPECT_FALSE(decodeTradeMessage("187.25", kTs).ok());
}

// domain/limits.h: what passes cannot overflow the ledger or date itself into the future.
TEST(ExchangeMessages, RefusesValuesOutsideTheBounds) {
    EXPECT_EQ(decodeOrderEventMessage(R"({"order_id":"o","status":"filled","filled_qty":10000001})").error(),
              "order event: filled_qty must be a whole number from 0 to 10000000");
    EXPECT_TRUE(decodeOrderEventMessage(R"({"order_id":"o","status":"filled","filled_qty":10000000})").ok());

    EXPECT_EQ(decodeTradeMessage(trade(R"("price":10000000.0001,"qty":1,"ts":1700000000000)"), kTs).error(),
              "trade: price must be at most 10000000");
    EXPECT_EQ(decodeTradeMessage(trade(R"("price":0,"qty":1,"ts":1700000000000)"), kTs).error(),
              "trade: price must be positive");
    EXPECT_EQ(decodeTradeMessage(trade(R"("price":1,"qty":10000001,"ts":1700000000000)"), kTs).error(),
              "trade: qty must be a whole number from 1 to 10000000");
    EXPECT_TRUE(decodeTradeMessage(trade(R"("price":10000000,"qty":10000000,"ts":1700000000000)"), kTs).ok());

    EXPECT_EQ(decodeTradeMessage(trade(R"("price":1,"qty":1)"), kTs).error(),
              "trade: ts must be milliseconds since the epoch");
    // A trade happened: never refused for its time (both sides' money would freeze), but a time
    // beyond the window is taken as the window's end, so it cannot freeze prices either.
    const auto future = decodeTradeMessage(trade(R"("price":1,"qty":1,"ts":1800000000000)"), kTs);
    ASSERT_TRUE(future.ok()) << future.error();
    EXPECT_EQ(future.value().ts, kTs + 60'000);
    EXPECT_EQ(decodeTradeMessage(trade(R"("price":1,"qty":1,"ts":1700000060000)"), kTs).value().ts, 1'700'000'060'000);
    EXPECT_EQ(decodeTradeMessage(trade(R"("price":1,"qty":1,"ts":9)"), kTs).value().ts, 9); // old: harmless
}
