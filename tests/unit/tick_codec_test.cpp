#include <gtest/gtest.h>

#include "contract/tick_codec.h"

namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;

kse::Result<kse::Tick> decode(const char* json) { return kse::decodeTick(json, kNow); }

std::string errorOf(const char* json) {
    auto tick = decode(json);
    EXPECT_FALSE(tick.ok()) << json;
    return tick.ok() ? std::string() : tick.error();
}

} // namespace

TEST(TickCodec, DecodesTheOriginalBodyAndFillsTs) {
    auto tick = decode(R"({"id":1,"name":"AAPL","price":187.25})");
    ASSERT_TRUE(tick.ok()) << tick.error();
    EXPECT_EQ(tick.value().id, 1);
    EXPECT_EQ(tick.value().symbol, "AAPL");
    EXPECT_EQ(tick.value().price.ticks(), 1'872'500);
    EXPECT_FALSE(tick.value().volume.has_value());
    EXPECT_EQ(tick.value().ts, kNow);
}

TEST(TickCodec, KeepsGivenVolumeAndTs) {
    auto tick = decode(R"({"id":7,"name":"BRK.B","price":0.0001,"volume":300,"ts":1600000000000})");
    ASSERT_TRUE(tick.ok()) << tick.error();
    EXPECT_EQ(tick.value().volume, 300);
    EXPECT_EQ(tick.value().ts, 1'600'000'000'000);
}

TEST(TickCodec, OriginalMessages) {
    EXPECT_EQ(errorOf(R"({"id":1,"price":1})"), "Name cannot be empty");
    EXPECT_EQ(errorOf(R"({"id":1,"name":"","price":1})"), "Name cannot be empty");
    EXPECT_EQ(errorOf(R"({"name":"AAPL","price":1})"), "ID cannot be empty");
    EXPECT_EQ(errorOf(R"({"id":0,"name":"AAPL","price":1})"), "ID cannot be empty");
    EXPECT_EQ(errorOf(R"({"id":1,"name":"AAPL","price":-0.01})"), "Price must be a non-negative number");
}

TEST(TickCodec, StricterChecksSayWhy) {
    EXPECT_EQ(errorOf(R"({"id":1,"name":"AAPL"})"), "Price is required");
    EXPECT_EQ(errorOf(R"({"id":1,"name":"AAPL","price":"12"})"), "Price must be a non-negative number");
    EXPECT_EQ(errorOf(R"({"id":1,"name":"AAPL","price":1.00001})"), "Price must have at most 4 decimals");
    EXPECT_EQ(errorOf(R"({"id":1,"name":"AAPL","price":1e300})"), "Price is too large");
    EXPECT_EQ(errorOf(R"({"id":1.5,"name":"AAPL","price":1})"), "id must be an integer");
    EXPECT_EQ(errorOf(R"({"id":"1","name":"AAPL","price":1})"), "id must be an integer");
    EXPECT_EQ(errorOf(R"({"id":1,"name":5,"price":1})"), "name must be a string");
    EXPECT_EQ(errorOf(R"({"id":1,"name":"AA PL","price":1})"), "Name may contain only letters, digits and . - _ ^");
    EXPECT_EQ(errorOf(R"({"id":1,"name":"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456","price":1})"),
              "Name must be at most 32 characters");
    EXPECT_EQ(errorOf(R"({"id":1,"name":"AAPL","price":1,"volume":-1})"), "Volume must be a non-negative integer");
    EXPECT_EQ(errorOf(R"({"id":1,"name":"AAPL","price":1,"volume":1.5})"), "Volume must be a non-negative integer");
    EXPECT_EQ(errorOf(R"({"id":1,"name":"AAPL","price":1,"ts":-5})"), "ts must be milliseconds since the epoch");
    EXPECT_EQ(errorOf(R"([1,2])"), "a stock must be a JSON object");
    EXPECT_EQ(errorOf(R"({"id":1,"name":"AAPL","price":1,"id":0})"), "ID cannot be empty") << "the last key wins";
}

TEST(TickCodec, EncodesTheContractShape) {
    kse::Tick tick{42, "AAPL", kse::Price::fromTicks(1'872'500), std::nullopt, kNow};
    EXPECT_EQ(kse::encodeTick(tick), R"({"id":42,"name":"AAPL","price":187.25,"ts":1700000000000})");
    tick.volume = 100;
    EXPECT_EQ(kse::encodeTick(tick), R"({"id":42,"name":"AAPL","price":187.25,"volume":100,"ts":1700000000000})");
}

TEST(TickCodec, EncodedTicksDecodeToTheSameTick) {
    const kse::Tick tick{9, "X_1", kse::Price::fromTicks(123'456'789), 5, 1'600'000'000'001};
    auto back = kse::decodeTick(kse::encodeTick(tick), kNow);
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(back.value().id, tick.id);
    EXPECT_EQ(back.value().symbol, tick.symbol);
    EXPECT_EQ(back.value().price, tick.price);
    EXPECT_EQ(back.value().volume, tick.volume);
    EXPECT_EQ(back.value().ts, tick.ts);
}

TEST(TickCodec, ReadsPricesFromTheirDigits) {
    // 0.1 + 0.2 style trouble cannot happen: the text is parsed, not a double.
    EXPECT_EQ(decode(R"({"id":1,"name":"A","price":0.3})").value().price.ticks(), 3'000);
    EXPECT_EQ(decode(R"({"id":1,"name":"A","price":9999999.9999})").value().price.ticks(), 99'999'999'999);
    EXPECT_EQ(decode(R"({"id":1,"name":"A","price":10000000})").value().price.ticks(), 100'000'000'000);
    // Exact up to 64 bits, but beyond the largest price (domain/limits.h) a tick is refused.
    EXPECT_EQ(errorOf(R"({"id":1,"name":"A","price":922337203685477.5807})"), "Price is too large (at most 10000000)");
    EXPECT_EQ(decode(R"({"id":1,"name":"A","price":1.5e2})").value().price.ticks(), 1'500'000);
    EXPECT_EQ(decode(R"({"id":1.0,"name":"A","price":1,"ts":1.7e12})").value().ts, 1'700'000'000'000);
}

// domain/limits.h: one tick dated next year would stay the newest and freeze the symbol's price.
TEST(TickCodec, RefusesValuesOutsideTheBounds) {
    EXPECT_EQ(errorOf(R"({"id":1,"name":"A","price":10000000.0001})"), "Price is too large (at most 10000000)");
    EXPECT_EQ(errorOf(R"({"id":1,"name":"A","price":1,"volume":10000001})"),
              "Volume must be a non-negative integer of at most 10000000");
    EXPECT_EQ(decode(R"({"id":1,"name":"A","price":1,"volume":10000000})").value().volume, 10'000'000);
    EXPECT_EQ(errorOf(R"({"id":1,"name":"A","price":1,"ts":1700000060001})"), "ts is more than 60 s in the future");
    EXPECT_EQ(errorOf(R"({"id":1,"name":"A","price":1,"ts":5})"),
              "ts must be milliseconds since the epoch, from 2000-01-01");
    EXPECT_EQ(decode(R"({"id":1,"name":"A","price":1,"ts":1700000060000})").value().ts, kNow + 60'000);
    EXPECT_EQ(decode(R"({"id":1,"name":"A","price":1,"ts":946684800000})").value().ts, 946'684'800'000);
}

TEST(TickCodec, SkipsUnknownFieldsOfAnyShape) {
    auto tick = decode(R"( { "extra" : {"a":[1,2,{"b":null}],"c":"\"}"}, "id":3, "name":"A\u0042",)"
                       R"( "flag":true, "price":2, "volume":null } )");
    ASSERT_TRUE(tick.ok()) << tick.error();
    EXPECT_EQ(tick.value().symbol, "AB");
    EXPECT_EQ(tick.value().id, 3);
    EXPECT_FALSE(tick.value().volume.has_value());
}

TEST(TickCodec, SyntaxErrorsSayWhere) {
    for (const char* bad : {R"({"id":1,"name":"A","price":1)", R"({"id":1 "name":"A"})",
                            R"({"id":01,"name":"A","price":1})", R"({"id":1,"name":"A","price":1.})",
                            R"({"id":1,"name":"A","price":NaN})", R"({"id":1,"name":"A\x","price":1})",
                            R"({"id":1,"name":"A","price":1} x)", R"({id:1})", R"({"a":[1,2})", "\"unterminated"}) {
        const std::string error = errorOf(bad);
        EXPECT_EQ(error.rfind("invalid JSON at offset ", 0), 0U) << bad << " → " << error;
    }
    EXPECT_EQ(errorOf("   "), "request body is empty; a JSON document is expected");
}

TEST(TickCodec, BatchNamesTheFirstBadStock) {
    auto ok = kse::decodeTicks(R"([{"id":1,"name":"A","price":1},{"id":2,"name":"B","price":2}])", kNow);
    ASSERT_TRUE(ok.ok()) << ok.error();
    EXPECT_EQ(ok.value().size(), 2U);
    EXPECT_EQ(ok.value()[1].symbol, "B");
    EXPECT_EQ(
        kse::decodeTicks(R"([{"id":1,"name":"A","price":1},{"id":0,"name":"B","price":2},{"id":0}])", kNow).error(),
        "stock 1: ID cannot be empty");
    EXPECT_EQ(kse::decodeTicks(R"([{"id":1,"name":"A","price":1},7])", kNow).error(),
              "stock 1: a stock must be a JSON object");
    EXPECT_EQ(kse::decodeTicks("[]", kNow).error(), "the array holds no stocks");
    EXPECT_EQ(kse::decodeTicks(R"({"id":1})", kNow).error(), "a JSON array of stocks is expected");
    // A syntax error anywhere wins over a bad value before it, as when the whole body is parsed first.
    EXPECT_EQ(kse::decodeTicks(R"([{"id":0,"name":"A","price":1},{"id":1,)", kNow).error().rfind("invalid JSON", 0),
              0U);
}
