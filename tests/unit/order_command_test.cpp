#include <gtest/gtest.h>

#include "contract/order_command.h"

using namespace kse;

namespace {

// The Kafka message's timestamp: what a command's ts defaults to and must not pass by over a minute.
constexpr std::int64_t kMessageTs = 1'700'000'000'077;

OrderCommand decoded(std::string_view json) {
    auto result = decodeOrderCommand(json, kMessageTs);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error());
    return result.ok() ? result.value() : OrderCommand{};
}

std::string failure(std::string_view json) {
    auto result = decodeOrderCommand(json, kMessageTs);
    return result.ok() ? "<decoded>" : result.error();
}

} // namespace

TEST(OrderCommand, DecodesANewLimitOrder) {
    const auto c = decoded(R"({"type":"new","order_id":"o-1","user_id":"alice","symbol":"AAPL","side":"sell",
        "order_type":"limit","qty":100,"price":187.25,"tif":"ioc","ts":1700000000000})");
    EXPECT_EQ(c.kind, OrderCommand::Kind::New);
    EXPECT_EQ(c.orderId, "o-1");
    EXPECT_EQ(c.userId, "alice");
    EXPECT_EQ(c.symbol, "AAPL");
    EXPECT_EQ(c.side, Side::Sell);
    EXPECT_EQ(c.type, OrderType::Limit);
    EXPECT_EQ(c.tif, TimeInForce::Ioc);
    EXPECT_EQ(c.qty, 100);
    EXPECT_EQ(c.price, 1'872'500);
    EXPECT_EQ(c.ts, 1'700'000'000'000);
    EXPECT_TRUE(c.refusal.empty());
}

TEST(OrderCommand, DefaultsTifToGtcAndTsToTheMessageTime) {
    const auto c = decoded(
        R"({"type":"new","order_id":"o","user_id":"u","symbol":"X","side":"buy","order_type":"market","qty":5})");
    EXPECT_EQ(c.tif, TimeInForce::Gtc);
    EXPECT_EQ(c.type, OrderType::Market);
    EXPECT_EQ(c.price, 0);
    EXPECT_EQ(c.ts, kMessageTs);
}

TEST(OrderCommand, DecodesACancel) {
    const auto c =
        decoded(R"({"type":"cancel","order_id":"o-1","user_id":"alice","symbol":"AAPL","ts":1700000000005})");
    EXPECT_EQ(c.kind, OrderCommand::Kind::Cancel);
    EXPECT_EQ(c.orderId, "o-1");
    EXPECT_EQ(c.ts, 1'700'000'000'005);
}

TEST(OrderCommand, MessagesThatCannotBeAnsweredFail) {
    EXPECT_NE(failure("not json").find("invalid JSON"), std::string::npos);
    EXPECT_NE(failure(R"({"type":"new"} x)").find("invalid JSON"), std::string::npos);
    EXPECT_EQ(failure("[]").substr(0, 12), "invalid JSON");
    EXPECT_EQ(failure(R"({"order_id":"o","user_id":"u","symbol":"X"})"), "type is required");
    EXPECT_EQ(failure(R"({"type":"modify","order_id":"o","user_id":"u","symbol":"X"})"), "type must be new or cancel");
    EXPECT_EQ(failure(R"({"type":"cancel","user_id":"u","symbol":"X"})"), "order_id is required");
    EXPECT_EQ(failure(R"({"type":"cancel","order_id":"o","symbol":"X"})"), "user_id is required");
    EXPECT_EQ(failure(R"({"type":"cancel","order_id":"o","user_id":"u"})").substr(0, 7), "symbol:");
    EXPECT_EQ(failure(R"({"type":"cancel","order_id":"o","user_id":"u","symbol":"bad symbol"})").substr(0, 7),
              "symbol:");
    EXPECT_EQ(failure(R"({"type":"cancel","order_id":")" + std::string(65, 'x') + R"(","user_id":"u","symbol":"X"})"),
              "order_id must be at most 64 characters");
    EXPECT_EQ(failure(R"({"type":"cancel","order_id":"o","user_id":"u","symbol":"X","ts":"now"})"),
              "ts must be milliseconds since the epoch");
}

TEST(OrderCommand, AnswerableButWrongNewOrdersCarryARefusal) {
    const auto refusal = [](std::string_view fields) {
        return decoded(std::string(R"({"type":"new","order_id":"o","user_id":"u","symbol":"X",)") +
                       std::string(fields) + "}")
            .refusal;
    };
    EXPECT_EQ(refusal(R"("side":"hold","order_type":"limit","qty":1,"price":1)"), "side must be buy or sell");
    EXPECT_EQ(refusal(R"("side":"buy","order_type":"stop","qty":1,"price":1)"), "order_type must be limit or market");
    EXPECT_EQ(refusal(R"("side":"buy","order_type":"limit","price":1)"), "qty is required");
    EXPECT_EQ(refusal(R"("side":"buy","order_type":"limit","qty":1.5,"price":1)"), "qty must be a positive integer");
    EXPECT_EQ(refusal(R"("side":"buy","order_type":"limit","qty":"1","price":1)"), "qty must be a positive integer");
    EXPECT_EQ(refusal(R"("side":"buy","order_type":"limit","qty":10000001,"price":1)"), "qty must be at most 10000000");
    EXPECT_EQ(refusal(R"("side":"buy","order_type":"limit","qty":1,"price":1.00001)"),
              "price must have at most 4 decimals");
    EXPECT_EQ(refusal(R"("side":"buy","order_type":"limit","qty":1,"price":-1)"), reasons::kLimitNeedsPrice);
    EXPECT_EQ(refusal(R"("side":"buy","order_type":"limit","qty":1,"price":"1")"), "price must be a number");
    EXPECT_EQ(refusal(R"("side":"buy","order_type":"limit","qty":1,"price":10000000.0001)"),
              "price must be at most 10000000");
    // Left to the engine, which has a reason for each.
    EXPECT_EQ(refusal(R"("side":"buy","order_type":"limit","qty":0,"price":1)"), "");
    EXPECT_EQ(refusal(R"("side":"buy","order_type":"limit","qty":1,"tif":"day","price":1)"), "");
    EXPECT_GT(static_cast<int>(decoded(R"({"type":"new","order_id":"o","user_id":"u","symbol":"X","side":"buy",
        "order_type":"limit","qty":1,"price":1,"tif":"day"})")
                                   .tif),
              static_cast<int>(TimeInForce::Fok));
}

// domain/limits.h: a trade takes its order's ts, so an order dated ahead would freeze prices
// downstream. Judged against the message's timestamp, so a replay decides as the first run did.
TEST(OrderCommand, TimesOutsideTheWindowRefuseANewOrderAndFailACancel) {
    const std::string order = R"({"type":"new","order_id":"o","user_id":"u","symbol":"X","side":"buy",)"
                              R"("order_type":"limit","qty":1,"price":1,"ts":)";
    EXPECT_EQ(decoded(order + std::to_string(kMessageTs + 60'001) + "}").refusal, "ts is more than 60 s in the future");
    EXPECT_EQ(decoded(order + "5}").refusal, "ts must be milliseconds since the epoch, from 2000-01-01");
    EXPECT_EQ(decoded(order + std::to_string(kMessageTs + 60'000) + "}").refusal, "");
    EXPECT_EQ(decoded(order + "946684800000}").refusal, "");
    // The time is judged first: an order dated ahead is refused for that even when also wrong otherwise.
    EXPECT_EQ(decoded(R"({"type":"new","order_id":"o","user_id":"u","symbol":"X","side":"hold","ts":)" +
                      std::to_string(kMessageTs + 60'001) + "}")
                  .refusal,
              "ts is more than 60 s in the future");

    const std::string cancel = R"({"type":"cancel","order_id":"o","user_id":"u","symbol":"X","ts":)";
    EXPECT_EQ(failure(cancel + std::to_string(kMessageTs + 60'001) + "}"), "ts is more than 60 s in the future");
    EXPECT_EQ(failure(cancel + "5}"), "ts must be milliseconds since the epoch, from 2000-01-01");
    EXPECT_EQ(failure(cancel + std::to_string(kMessageTs + 60'000) + "}"), "<decoded>");
}

TEST(OrderCommand, EncodesWhatItDecodes) {
    OrderCommand c;
    c.orderId = "o-9";
    c.userId = "bob";
    c.symbol = "MSFT";
    c.side = Side::Sell;
    c.qty = 30;
    c.price = 4'105'000;
    c.tif = TimeInForce::Fok;
    c.ts = 1'700'000'000'123;
    const auto back = decoded(encodeOrderCommand(c));
    EXPECT_EQ(back.orderId, "o-9");
    EXPECT_EQ(back.side, Side::Sell);
    EXPECT_EQ(back.price, 4'105'000);
    EXPECT_EQ(back.tif, TimeInForce::Fok);
    EXPECT_EQ(back.ts, 1'700'000'000'123);
    c.kind = OrderCommand::Kind::Cancel;
    EXPECT_EQ(encodeOrderCommand(c),
              R"({"type":"cancel","order_id":"o-9","user_id":"bob","symbol":"MSFT","ts":1700000000123})");
}
