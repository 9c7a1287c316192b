// The terminal's one way of writing numbers (app/style/number_format.h): grouped, exact from
// ticks, fixed decimals for money, signs for moves and P&L, at the edges of int64 too.
#include <gtest/gtest.h>
#include <limits>

#include "domain/price.h"
#include "style/number_format.h"

using namespace kse;

namespace {
constexpr std::int64_t kUnit = Price::kScale;
std::string text(const QString& s) { return s.toStdString(); }
} // namespace

TEST(NumberFormat, PricesKeepTwoToFourDecimalsAndGroupThousands) {
    EXPECT_EQ(text(style::price(187 * kUnit + 2'500)), "187.25");
    EXPECT_EQ(text(style::price(9 * kUnit + 5'000)), "9.50");
    EXPECT_EQ(text(style::price(100 * kUnit)), "100.00");
    EXPECT_EQ(text(style::price(101 * kUnit + 2'345)), "101.2345");
    EXPECT_EQ(text(style::price(1)), "0.0001");
    EXPECT_EQ(text(style::price(1'234 * kUnit + 5'000)), "1,234.50");
    EXPECT_EQ(text(style::price(1'234'567 * kUnit)), "1,234,567.00");
    EXPECT_EQ(text(style::price(0)), "0.00");
    EXPECT_EQ(text(style::price(-5'000)), "-0.50");
}

TEST(NumberFormat, MovesAndProfitsCarryTheirSign) {
    EXPECT_EQ(text(style::signedPrice(kUnit + 2'500)), "+1.25");
    EXPECT_EQ(text(style::signedPrice(-5'000)), "-0.50");
    EXPECT_EQ(text(style::signedPrice(0)), "0.00");
    EXPECT_EQ(text(style::signedMoney(1'234 * kUnit + 5'000)), "+1,234.50");
    EXPECT_EQ(text(style::signedMoney(-(12 * kUnit + 3'450))), "-12.35"); // half away from zero
    EXPECT_EQ(text(style::signedMoney(49)), "0.00");                      // rounds to nothing: no sign
    EXPECT_EQ(text(style::signedPercent(1.234)), "+1.23%");
    EXPECT_EQ(text(style::signedPercent(-0.4)), "-0.40%");
    EXPECT_EQ(text(style::signedPercent(0.001)), "0.00%");
    EXPECT_EQ(text(style::signedPercent(std::numeric_limits<double>::quiet_NaN())), "—");
}

TEST(NumberFormat, MoneyHasTwoDecimalsRoundedHalfAwayFromZero) {
    EXPECT_EQ(text(style::money(81'260 * kUnit)), "81,260.00");
    EXPECT_EQ(text(style::money(187 * kUnit + 4'000)), "187.40");
    EXPECT_EQ(text(style::money(50)), "0.01");
    EXPECT_EQ(text(style::money(49)), "0.00");
    EXPECT_EQ(text(style::money(-50)), "-0.01");
    EXPECT_EQ(text(style::money(-49)), "0.00");
    EXPECT_EQ(text(style::money(1'000'000'000LL * kUnit)), "1,000,000,000.00");
}

TEST(NumberFormat, QuantitiesAreGroupedWholeNumbers) {
    EXPECT_EQ(text(style::quantity(0)), "0");
    EXPECT_EQ(text(style::quantity(999)), "999");
    EXPECT_EQ(text(style::quantity(1'000)), "1,000");
    EXPECT_EQ(text(style::quantity(1'000'000)), "1,000,000");
    EXPECT_EQ(text(style::quantity(-12'345)), "-12,345");
}

TEST(NumberFormat, TheEdgesOfInt64NeitherWrapNorCrash) {
    constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
    constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
    EXPECT_EQ(text(style::quantity(kMax)), "9,223,372,036,854,775,807");
    EXPECT_EQ(text(style::quantity(kMin)), "-9,223,372,036,854,775,808");
    EXPECT_EQ(text(style::price(kMax)), "922,337,203,685,477.5807");
    EXPECT_EQ(text(style::price(kMin)), "-922,337,203,685,477.5808");
    EXPECT_EQ(text(style::money(kMax)), "922,337,203,685,477.58");
    EXPECT_EQ(text(style::signedMoney(kMin)), "-922,337,203,685,477.58");
}
