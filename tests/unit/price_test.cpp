#include <gtest/gtest.h>

#include "domain/price.h"

using kse::Price;

namespace {

std::int64_t ticksOf(std::string_view text) {
    auto price = Price::parse(text);
    EXPECT_TRUE(price.ok()) << text << ": " << (price.ok() ? "" : price.error());
    return price.ok() ? price.value().ticks() : -1;
}

std::string errorOf(std::string_view text) {
    auto price = Price::parse(text);
    EXPECT_FALSE(price.ok()) << text << " parsed as " << (price.ok() ? price.value().ticks() : 0);
    return price.ok() ? std::string() : price.error();
}

} // namespace

TEST(Price, ParsesDecimalsExactly) {
    EXPECT_EQ(ticksOf("187.25"), 1'872'500);
    EXPECT_EQ(ticksOf("0.0001"), 1);
    EXPECT_EQ(ticksOf("0"), 0);
    EXPECT_EQ(ticksOf("0.0"), 0);
    EXPECT_EQ(ticksOf("3"), 30'000);
    EXPECT_EQ(ticksOf("187.250000"), 1'872'500); // the original wire format pads with zeros
    EXPECT_EQ(ticksOf("00012.5"), 125'000);
    EXPECT_EQ(ticksOf("+1.5"), 15'000);
}

TEST(Price, ParsesExponents) {
    EXPECT_EQ(ticksOf("1e2"), 1'000'000);
    EXPECT_EQ(ticksOf("1.5E+3"), 15'000'000);
    EXPECT_EQ(ticksOf("1e-4"), 1);
    EXPECT_EQ(ticksOf("12345e-4"), 12'345);
    EXPECT_EQ(ticksOf("0e-400"), 0);
}

TEST(Price, RejectsBadValuesWithReasons) {
    EXPECT_EQ(errorOf("-1"), "price must not be negative");
    EXPECT_EQ(errorOf("-0.5"), "price must not be negative");
    EXPECT_EQ(errorOf("0.00001"), "price must have at most 4 decimals");
    EXPECT_EQ(errorOf("1.23456"), "price must have at most 4 decimals");
    EXPECT_EQ(errorOf("1e-5"), "price must have at most 4 decimals");
    EXPECT_EQ(errorOf("922337203685478"), "price is too large"); // just above int64 ticks
    EXPECT_EQ(errorOf("1e300"), "price is too large");
    EXPECT_EQ(errorOf("99999999999999999999999"), "price is too large");
    EXPECT_EQ(errorOf(""), "price is empty");
    for (const char* bad : {"abc", "1.", ".5.", "1e", "1e+", "NaN", "inf", "1,5", "1.5x", " 1", "0x10", "."})
        EXPECT_EQ(errorOf(bad), "price is not a number") << bad;
}

TEST(Price, AnExponentHasOneSign) {
    // Once read as 1e5, 1e-2 and 0.5e3, and the last overflowed when its sign was applied.
    for (const char* bad : {"1e--5", "1e+-2", ".5E--3", "1e--9223372036854775808", "1e-+5"})
        EXPECT_EQ(errorOf(bad), "price is not a number") << bad;
}

TEST(Price, LargestValueFits) {
    EXPECT_EQ(ticksOf("922337203685477.5807"), std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(errorOf("922337203685477.5808"), "price is too large");
}

TEST(Price, FromDoubleUsesShortestDecimalForm) {
    EXPECT_EQ(Price::fromDouble(0.1).value().ticks(), 1'000); // 0.1 is not exact in binary
    EXPECT_EQ(Price::fromDouble(187.25).value().ticks(), 1'872'500);
    EXPECT_EQ(Price::fromDouble(1.0001).value().ticks(), 10'001);
    EXPECT_EQ(Price::fromDouble(-0.0).value().ticks(), 0);
    EXPECT_FALSE(Price::fromDouble(1.00001).ok());
    EXPECT_FALSE(Price::fromDouble(-1).ok());
    EXPECT_FALSE(Price::fromDouble(std::numeric_limits<double>::quiet_NaN()).ok());
    EXPECT_FALSE(Price::fromDouble(std::numeric_limits<double>::infinity()).ok());
    EXPECT_FALSE(Price::fromDouble(1e20).ok());
}

TEST(Price, FormatsExactly) {
    EXPECT_EQ(Price::fromTicks(1'872'500).toString(), "187.25");
    EXPECT_EQ(Price::fromTicks(1'872'500).toFixedString(), "187.2500");
    EXPECT_EQ(Price::fromTicks(1).toString(), "0.0001");
    EXPECT_EQ(Price::fromTicks(30'000).toString(), "3");
    EXPECT_EQ(Price::fromTicks(0).toString(), "0");
    EXPECT_EQ(Price::fromTicks(10'010).toString(), "1.001");
}

TEST(Price, RoundTripsThroughTextAndDouble) {
    for (std::int64_t ticks = 0; ticks < 2'000'000; ticks += 7) {
        const Price price = Price::fromTicks(ticks);
        ASSERT_EQ(Price::parse(price.toString()).value(), price) << ticks;
        ASSERT_EQ(Price::parse(price.toFixedString()).value(), price) << ticks;
        ASSERT_EQ(Price::fromDouble(price.toDouble()).value(), price) << ticks;
    }
    const Price big = Price::fromTicks(900'719'925'474'099); // below 2^53 ticks: doubles are exact
    EXPECT_EQ(Price::fromDouble(big.toDouble()).value(), big);
}
