#include <gtest/gtest.h>
#include <string>

#include "contract/price_event.h"

using kse::decodeIngress;
using kse::decodeTrade;

namespace {

constexpr std::int64_t kMessageTs = 1'700'000'123'456;

constexpr const char* kTrade = R"({"trade_id":"t1","symbol":"MSFT","price":190.5,"qty":7,"buy_order_id":"a",)"
                               R"("sell_order_id":"b","buyer":"x","seller":"y","aggressor":"buy","ts":1700000000000})";

} // namespace

// stock-ingress, the contract's JSON tick: everything comes from the JSON, not the key.

TEST(PriceEventIngress, JsonTickTakesSymbolPriceVolumeAndTsFromTheJson) {
    const auto event = decodeIngress(
        "IGNORED", R"({"id":1,"name":"AAPL","price":187.25,"volume":100,"ts":1700000000000})", kMessageTs);
    ASSERT_TRUE(event) << event.error();
    EXPECT_EQ(event.value().symbol, "AAPL");
    EXPECT_EQ(event.value().price.ticks(), 1'872'500);
    EXPECT_EQ(event.value().qty, 100);
    EXPECT_EQ(event.value().ts, 1'700'000'000'000);
}

TEST(PriceEventIngress, JsonTickWithoutVolumeHasQtyZero) {
    const auto event = decodeIngress("AAPL", R"({"id":1,"name":"AAPL","price":10,"ts":1700000000005})", kMessageTs);
    ASSERT_TRUE(event) << event.error();
    EXPECT_EQ(event.value().qty, 0);
    EXPECT_EQ(event.value().ts, 1'700'000'000'005);
}

TEST(PriceEventIngress, JsonTickWithoutTsTakesTheMessageTimestamp) {
    const auto event = decodeIngress("AAPL", R"({"id":1,"name":"AAPL","price":10,"volume":3})", kMessageTs);
    ASSERT_TRUE(event) << event.error();
    EXPECT_EQ(event.value().ts, kMessageTs);
    EXPECT_EQ(event.value().qty, 3);
}

TEST(PriceEventIngress, MalformedJsonIsAnInvalidJsonError) {
    const auto event = decodeIngress("AAPL", R"({"id":1,"name":"AAPL","price":)", kMessageTs);
    ASSERT_FALSE(event);
    EXPECT_EQ(event.error().rfind("invalid JSON", 0), 0U) << event.error();
}

TEST(PriceEventIngress, JsonTickFailingValidationIsAnError) {
    EXPECT_FALSE(decodeIngress("AAPL", R"({"id":1,"name":"","price":10})", kMessageTs));
    EXPECT_FALSE(decodeIngress("AAPL", R"({"id":1,"name":"AAPL"})", kMessageTs));
    EXPECT_FALSE(decodeIngress("AAPL", R"({"id":1,"name":"AAPL","price":1.00001})", kMessageTs));
}

// stock-ingress, the original system's format: key = symbol, value = a bare decimal.

TEST(PriceEventIngress, BareDecimalTakesSymbolFromKeyAndTsFromMessage) {
    const auto event = decodeIngress("AAPL", "187.250000", kMessageTs);
    ASSERT_TRUE(event) << event.error();
    EXPECT_EQ(event.value().symbol, "AAPL");
    EXPECT_EQ(event.value().price.ticks(), 1'872'500);
    EXPECT_EQ(event.value().qty, 0);
    EXPECT_EQ(event.value().ts, kMessageTs);
}

TEST(PriceEventIngress, BareDecimalWithMoreThanFourSignificantDecimalsIsAnError) {
    const auto event = decodeIngress("AAPL", "1.00001", kMessageTs);
    ASSERT_FALSE(event);
    EXPECT_NE(event.error().find("original-format tick"), std::string::npos) << event.error();
}

TEST(PriceEventIngress, NegativeBareDecimalIsAnError) {
    const auto event = decodeIngress("AAPL", "-1", kMessageTs);
    ASSERT_FALSE(event);
    EXPECT_NE(event.error().find("original-format tick"), std::string::npos) << event.error();
}

TEST(PriceEventIngress, BareDecimalWithEmptyKeyIsAnError) {
    const auto event = decodeIngress("", "187.25", kMessageTs);
    ASSERT_FALSE(event);
    EXPECT_NE(event.error().find("key"), std::string::npos) << event.error();
}

TEST(PriceEventIngress, BareDecimalWithKeyHoldingASpaceIsAnError) {
    const auto event = decodeIngress("AA PL", "187.25", kMessageTs);
    ASSERT_FALSE(event);
    EXPECT_NE(event.error().find("key"), std::string::npos) << event.error();
}

// trades

TEST(PriceEventTrade, ContractTradeDecodesWithQtyAndExactPrice) {
    const auto event = decodeTrade(kTrade, kMessageTs);
    ASSERT_TRUE(event) << event.error();
    EXPECT_EQ(event.value().symbol, "MSFT");
    EXPECT_EQ(event.value().price, kse::Price::fromTicks(1'905'000));
    EXPECT_EQ(event.value().qty, 7);
    EXPECT_EQ(event.value().ts, 1'700'000'000'000);
}

TEST(PriceEventTrade, QtyZeroIsAnError) {
    const auto event = decodeTrade(R"({"symbol":"MSFT","price":190.5,"qty":0,"ts":1700000000000})", kMessageTs);
    ASSERT_FALSE(event);
    EXPECT_NE(event.error().find("qty"), std::string::npos) << event.error();
}

TEST(PriceEventTrade, MissingQtyIsAnError) {
    EXPECT_FALSE(decodeTrade(R"({"symbol":"MSFT","price":190.5,"ts":1700000000000})", kMessageTs));
}

TEST(PriceEventTrade, MissingTsIsAnError) {
    const auto event = decodeTrade(R"({"symbol":"MSFT","price":190.5,"qty":7})", kMessageTs);
    ASSERT_FALSE(event);
    EXPECT_NE(event.error().find("ts"), std::string::npos) << event.error();
}

TEST(PriceEventTrade, MissingSymbolIsAnError) {
    const auto event = decodeTrade(R"({"price":190.5,"qty":7,"ts":1700000000000})", kMessageTs);
    ASSERT_FALSE(event);
    EXPECT_NE(event.error().find("symbol"), std::string::npos) << event.error();
}

TEST(PriceEventTrade, PriceWithTooManyDecimalsIsAnError) {
    EXPECT_FALSE(decodeTrade(R"({"symbol":"MSFT","price":190.00001,"qty":7,"ts":1700000000000})", kMessageTs));
}

TEST(PriceEventTrade, NegativePriceIsAnError) {
    EXPECT_FALSE(decodeTrade(R"({"symbol":"MSFT","price":-190.5,"qty":7,"ts":1700000000000})", kMessageTs));
}

TEST(PriceEventTrade, PriceAsAStringIsAnError) {
    EXPECT_FALSE(decodeTrade(R"({"symbol":"MSFT","price":"190.5","qty":7,"ts":1700000000000})", kMessageTs));
}

TEST(PriceEventTrade, UnknownNestedFieldsAreSkipped) {
    const auto event =
        decodeTrade(R"({"meta":{"venue":"KSE","legs":[1,{"x":[true,null]},"s"]},"symbol":"MSFT","price":190.5,)"
                    R"("flags":[],"qty":7,"ts":1700000000042,"note":null})",
                    kMessageTs);
    ASSERT_TRUE(event) << event.error();
    EXPECT_EQ(event.value().symbol, "MSFT");
    EXPECT_EQ(event.value().price.ticks(), 1'905'000);
    EXPECT_EQ(event.value().qty, 7);
    EXPECT_EQ(event.value().ts, 1'700'000'000'042);
}

TEST(PriceEventTrade, TextAfterTheObjectIsAnError) {
    const auto event = decodeTrade(R"({"symbol":"MSFT","price":1,"qty":1,"ts":1700000000000}garbage)", kMessageTs);
    ASSERT_FALSE(event);
    EXPECT_EQ(event.error(), "invalid JSON at offset 54: unexpected text after the JSON document");
}

TEST(PriceEventTrade, MalformedJsonIsAnInvalidJsonError) {
    const auto event = decodeTrade(R"({"symbol":"MSFT","price":190.5,"qty":7)", kMessageTs);
    ASSERT_FALSE(event);
    EXPECT_EQ(event.error().rfind("invalid JSON", 0), 0U) << event.error();
}

// bounds (domain/limits.h): nothing a decoder passes can overflow or freeze what follows

TEST(PriceEventBounds, PriceAboveTheOrderLimitIsRefused) {
    EXPECT_FALSE(decodeIngress("X", R"({"id":1,"name":"AAPL","price":900000000000000})", kMessageTs));
    EXPECT_FALSE(decodeIngress("AAPL", "900000000000000", kMessageTs));
    EXPECT_FALSE(decodeTrade(R"({"symbol":"MSFT","price":10000000.0001,"qty":1,"ts":1700000000000})", kMessageTs));
    EXPECT_TRUE(decodeIngress("X", R"({"id":1,"name":"AAPL","price":10000000})", kMessageTs));
}

TEST(PriceEventBounds, VolumeAndQtyAboveTheBoundAreRefused) {
    EXPECT_FALSE(decodeIngress("X", R"({"id":1,"name":"AAPL","price":1,"volume":9223372036854775807})", kMessageTs));
    EXPECT_FALSE(decodeTrade(R"({"symbol":"MSFT","price":1,"qty":10000001,"ts":1700000000000})", kMessageTs));
    EXPECT_TRUE(decodeIngress("X", R"({"id":1,"name":"AAPL","price":1,"volume":10000000})", kMessageTs));
}

TEST(PriceEventBounds, TimesFarInTheFutureOrBefore2000AreRefused) {
    const auto future = decodeIngress("X", R"({"id":1,"name":"AAPL","price":1,"ts":4102444800000})", kMessageTs);
    ASSERT_FALSE(future);
    EXPECT_NE(future.error().find("future"), std::string::npos) << future.error();
    EXPECT_FALSE(decodeIngress("X", R"({"id":1,"name":"AAPL","price":1,"ts":5})", kMessageTs));
    // A trade is counted whatever its time, at most at the window's end.
    EXPECT_EQ(decodeTrade(R"({"symbol":"MSFT","price":1,"qty":1,"ts":1700000123456})", 1'700'000'000'000).value().ts,
              1'700'000'060'000);
    EXPECT_EQ(decodeTrade(R"({"symbol":"MSFT","price":1,"qty":1,"ts":1700000050000})", 1'700'000'000'000).value().ts,
              1'700'000'050'000);
}
