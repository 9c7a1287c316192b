#include "codec/json_writer.h"
#include "domain/limits.h"
#include "domain/money.h"
#include "domain/price.h"

#include <QJsonDocument>
#include <cstdint>
#include <gtest/gtest.h>
#include <limits>
#include <random>

using namespace kse;

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

// Whether `number` is a JSON number that reads back as `ticks` / 10^4 (checked through Qt's parser).
bool isJsonNumber(const std::string& number) {
    QJsonParseError error{};
    const auto document = QJsonDocument::fromJson(QByteArray::fromStdString("[" + number + "]"), &error);
    return error.error == QJsonParseError::NoError && document.isArray();
}

} // namespace

TEST(Money, OperationsThatWouldLeave64BitsThrowInsteadOfWrapping) {
    EXPECT_THROW(Money::fromTicks(kMax) + Money::fromTicks(1), ArithmeticOverflow);
    EXPECT_THROW(Money::fromTicks(kMin) - Money::fromTicks(1), ArithmeticOverflow);
    EXPECT_THROW(-Money::fromTicks(kMin), ArithmeticOverflow);
    EXPECT_THROW(Money::times(Price::fromTicks(kMax / 2), 3), ArithmeticOverflow);
    EXPECT_THROW(Money::fromTicks(kMax).scaled(3, 2), ArithmeticOverflow);
    EXPECT_THROW(checkedAdd(kMax, 1), ArithmeticOverflow);
    EXPECT_THROW(checkedMul(kMin, -1), ArithmeticOverflow);
    Money m = Money::fromTicks(kMax - 1);
    EXPECT_THROW(m += Money::fromTicks(2), ArithmeticOverflow);
    EXPECT_EQ(m.ticks(), kMax - 1); // unchanged by the refused operation
    EXPECT_EQ(saturatingAdd(kMax, 5), kMax);
    EXPECT_EQ(saturatingAdd(kMin, -5), kMin);
}

TEST(Money, TheLargestOrderFitsWithRoomToSpare) {
    const Money largest = Money::times(Price::fromTicks(limits::kMaxPriceTicks), limits::kMaxQuantity);
    EXPECT_EQ(largest.ticks(), 1'000'000'000'000'000'000);
    EXPECT_NO_THROW(largest + largest + largest + largest + largest + largest + largest + largest + largest);
}

TEST(Money, ScaledAndPerShareAreExact) {
    EXPECT_EQ(Money::fromTicks(1000).scaled(1, 3).ticks(), 333); // toward zero
    EXPECT_EQ(Money::fromTicks(-1000).scaled(1, 3).ticks(), -333);
    EXPECT_EQ(Money::fromTicks(kMax).scaled(kMax, kMax).ticks(), kMax); // 128 bits inside
    EXPECT_EQ(Money::fromTicks(1000).perShare(3), Price::fromTicks(333));
    EXPECT_EQ(Money::fromTicks(1001).perShare(2), Price::fromTicks(501)); // half away from zero
    EXPECT_EQ(Money::fromTicks(-1001).perShare(2), Price::fromTicks(-501));
}

TEST(Money, IsAlwaysWrittenAsValidJsonNegativeAmountsIncluded) {
    EXPECT_EQ(Money::fromTicks(-125'000).toString(), "-12.5");
    EXPECT_EQ(Money::fromTicks(30'000).toString(), "3");
    EXPECT_EQ(Money::fromTicks(-1).toString(), "-0.0001");
    EXPECT_EQ(Money::fromTicks(12'345'000).toDisplay(), "1234.50");
    EXPECT_EQ(Money::fromTicks(kMin).toString(), "-922337203685477.5808");
    EXPECT_EQ(Money::fromTicks(kMax).toString(), "922337203685477.5807");
    // What the broken portfolio once printed: a negative amount through the unsigned path.
    EXPECT_EQ(Price::fromTicks(-8'996'744'073'709'550'000).toString(), "-899674407370955");
    EXPECT_EQ(Price::signedString(kMin), "-922337203685477.5808");
    std::mt19937_64 random(7);
    for (int i = 0; i < 100'000; ++i) {
        const auto ticks = static_cast<std::int64_t>(random());
        const std::string money = Money::fromTicks(ticks).toString();
        const std::string price = Price::fromTicks(ticks).toString();
        ASSERT_EQ(money, price) << ticks;
        ASSERT_TRUE(isJsonNumber(money)) << money;
        ASSERT_TRUE(isJsonNumber(JsonWriter().field("p", Price::fromTicks(ticks)).finish().substr(5, money.size())))
            << ticks;
    }
}

TEST(Limits, BoundsAndTheEventTimeWindow) {
    EXPECT_FALSE(priceBoundError(Price::fromTicks(limits::kMaxPriceTicks)));
    EXPECT_TRUE(priceBoundError(Price::fromTicks(limits::kMaxPriceTicks + 1)));
    EXPECT_TRUE(priceBoundError(Price::fromTicks(-1)));
    EXPECT_FALSE(quantityError(limits::kMaxQuantity));
    EXPECT_TRUE(quantityError(limits::kMaxQuantity + 1));
    EXPECT_TRUE(quantityError(0));
    EXPECT_FALSE(quantityError(0, "volume", true));
    const std::int64_t now = 1'800'000'000'000;
    EXPECT_FALSE(eventTimeError(now + limits::kMaxFutureMs, now));
    EXPECT_TRUE(eventTimeError(now + limits::kMaxFutureMs + 1, now));
    EXPECT_FALSE(eventTimeError(limits::kEarliestEventMs, now)); // history is welcome
    EXPECT_TRUE(eventTimeError(limits::kEarliestEventMs - 1, now));
    EXPECT_FALSE(eventTimeError(now, kMax));              // a reference at the end of time saturates
    EXPECT_EQ(eventReference(now + 1'000'000, now), now); // a future message timestamp widens nothing
    EXPECT_EQ(eventReference(now - 5, now), now - 5);     // a replayed one keeps its own time
    EXPECT_EQ(eventReference(-1, now), now);
}
