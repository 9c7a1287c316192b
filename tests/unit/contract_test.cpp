// The contract's vocabulary and its readers: each name has one spelling both ways, and an HTTP
// answer's fields are read exactly or refused naming the field.
#include <QJsonArray>
#include <QJsonDocument>
#include <gtest/gtest.h>

#include "contract/activity_message.h"
#include "contract/answer_object.h"
#include "contract/exchange_messages.h"
#include "contract/order_enums.h"

namespace kse {
namespace {

QJsonObject object(const char* json) { return QJsonDocument::fromJson(QByteArray(json)).object(); }

TEST(OrderEnums, EveryNameReadsBackAsItsValue) {
    for (const Side side : {Side::Buy, Side::Sell})
        EXPECT_EQ(parseSide(sideName(side)), side);
    for (const OrderType type : {OrderType::Limit, OrderType::Market})
        EXPECT_EQ(parseOrderType(orderTypeName(type)), type);
    for (const TimeInForce tif : {TimeInForce::Gtc, TimeInForce::Ioc, TimeInForce::Fok})
        EXPECT_EQ(parseTimeInForce(timeInForceName(tif)), tif);
    for (const OrderStatus status : {OrderStatus::Accepted, OrderStatus::Rejected, OrderStatus::PartiallyFilled,
                                     OrderStatus::Filled, OrderStatus::Cancelled})
        EXPECT_EQ(parseStatus(statusName(status)), status);
    EXPECT_EQ(statusName(OrderStatus::PartiallyFilled), "partially_filled");
    EXPECT_EQ(sideName(Side::Sell), "sell");
}

TEST(OrderEnums, NamesAreExactAndCaseSensitive) {
    EXPECT_EQ(parseSide("BUY"), std::nullopt);
    EXPECT_EQ(parseSide("buy "), std::nullopt);
    EXPECT_EQ(parseOrderType(""), std::nullopt);
    EXPECT_EQ(parseTimeInForce("day"), std::nullopt);
    EXPECT_EQ(timeInForceName(static_cast<TimeInForce>(7)), "unknown");
}

TEST(OrderEnums, PendingIsThePlatformsAloneAndNeverAnOrderEvent) {
    EXPECT_EQ(parseStatus("pending"), OrderStatus::Pending);
    const auto event = decodeOrderEventMessage(
        R"({"order_id":"o-1","user_id":"u","symbol":"AAPL","status":"pending","filled_qty":0,"remaining_qty":5,"ts":1})");
    ASSERT_FALSE(event);
    EXPECT_EQ(event.error(), "order event: unknown status");
    const auto accepted = decodeOrderEventMessage(
        R"({"order_id":"o-1","user_id":"u","symbol":"AAPL","status":"accepted","filled_qty":0,"remaining_qty":5,"ts":1})");
    ASSERT_TRUE(accepted) << accepted.error();
    EXPECT_EQ(accepted.value().status, OrderStatus::Accepted);
}

TEST(ActivityMessage, RoundTripsWithAndWithoutItsOptionalFields) {
    const ActivityMessage full{"alice", std::string(actions::kPlaceOrder), "AAPL", "o-1", 1'800'000'000'000};
    const auto back = decodeActivityMessage(encodeActivityMessage(full), full.ts);
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(back.value().user, "alice");
    EXPECT_EQ(back.value().action, "place_order");
    EXPECT_EQ(back.value().symbol, "AAPL");
    EXPECT_EQ(back.value().orderId, "o-1");
    EXPECT_EQ(back.value().ts, full.ts);
    EXPECT_EQ(encodeActivityMessage({"bob", std::string(actions::kLogin), {}, {}, 5}),
              R"({"user_id":"bob","action":"login","ts":5})");
}

TEST(AnswerObject, ReadsMoneyExactlyInTicks) {
    AnswerObject o(object(R"({"price":187.25,"small":0.0001,"pnl":-12.5,"zero":0,"big":100000000000.5})"));
    EXPECT_EQ(o.money("price"), 1'872'500);
    EXPECT_EQ(o.money("small"), 1);
    EXPECT_EQ(o.signedMoney("pnl"), -125'000);
    EXPECT_EQ(o.money("zero"), 0);
    EXPECT_EQ(o.signedMoney("big"), 1'000'000'000'005'000);
    EXPECT_TRUE(o.ok());
}

TEST(AnswerObject, RefusesAndNamesTheFirstBadField) {
    AnswerObject o(object(R"({"price":1.00001,"qty":"3","symbol":""})"));
    EXPECT_EQ(o.money("price"), 0);
    EXPECT_EQ(o.whole("qty"), 0);
    EXPECT_EQ(o.text("symbol"), QString());
    ASSERT_FALSE(o.ok());
    EXPECT_EQ(o.error()->rfind("price: ", 0), 0u) << *o.error();
}

TEST(AnswerObject, KnowsWhatMayBeAbsent) {
    AnswerObject o(object(R"({"price":null,"reason":"ioc"})"));
    EXPECT_EQ(o.optionalMoney("price"), std::nullopt);
    EXPECT_EQ(o.optionalMoney("avg_price"), std::nullopt);
    EXPECT_EQ(o.optionalText("reason"), QStringLiteral("ioc"));
    EXPECT_EQ(o.optionalText("missing"), QString());
    EXPECT_TRUE(o.ok());
    EXPECT_EQ(o.money("missing"), 0);
    EXPECT_EQ(*o.error(), "missing: must be a number");
}

TEST(AnswerObject, CountsAreWholeNonNegativeAndExact) {
    AnswerObject o(object(R"({"a":3,"b":-1,"c":2.5,"d":1e300})"));
    EXPECT_EQ(o.whole("a"), 3);
    EXPECT_TRUE(o.ok());
    for (const char* bad : {"b", "c", "d"}) {
        AnswerObject each(object(R"({"b":-1,"c":2.5,"d":1e300})"));
        EXPECT_EQ(each.whole(bad), 0);
        EXPECT_FALSE(each.ok()) << bad;
    }
    EXPECT_EQ(o.money("b"), 0);
    EXPECT_EQ(*o.error(), "b: price must not be negative");
}

} // namespace
} // namespace kse
