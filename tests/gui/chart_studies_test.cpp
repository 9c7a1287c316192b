// The pure cores under the charts and alerts: studies over candles, where the time axis puts its
// labels, and which alerts a price fires.
#include <QDateTime>
#include <QTimeZone>
#include <gtest/gtest.h>

#include "chart/indicators.h"
#include "chart/time_axis.h"
#include "market/alert_book.h"

using namespace kse;

namespace {

constexpr std::int64_t kSecond = 1'000, kMinute = 60 * kSecond, kHour = 60 * kMinute, kDay = 24 * kHour;
constexpr std::int64_t kUnit = 10'000; // ticks in 1.0000
// 2027-01-15 00:00:00 UTC: a midnight, for the day boundaries.
constexpr std::int64_t kMidnight = 1'800'000'000'000 - (1'800'000'000'000 % kDay);

std::vector<ChartCandle> closes(std::initializer_list<double> prices, std::int64_t start = kMidnight) {
    std::vector<ChartCandle> out;
    for (double p : prices) {
        const auto t = static_cast<std::int64_t>(p * kUnit);
        out.push_back({start + static_cast<std::int64_t>(out.size()) * kMinute, t, t, t, t, 10, t, 1, true});
    }
    return out;
}

} // namespace

TEST(Indicators, SimpleAndExponentialAverages) {
    const auto candles = closes({10, 11, 12, 13, 14});
    const indicators::Line sma = indicators::sma(candles, 3);
    EXPECT_FALSE(sma[0]);
    EXPECT_FALSE(sma[1]);
    EXPECT_DOUBLE_EQ(*sma[2], 11.0);
    EXPECT_DOUBLE_EQ(*sma[4], 13.0);
    const indicators::Line ema = indicators::ema(candles, 3);
    // Seeded with the first 3-candle average, then weighted 2 / (3 + 1) = 0.5.
    EXPECT_FALSE(ema[1]);
    EXPECT_DOUBLE_EQ(*ema[2], 11.0);
    EXPECT_DOUBLE_EQ(*ema[3], 12.0);
    EXPECT_DOUBLE_EQ(*ema[4], 13.0);
    const indicators::Line tooShort = indicators::ema(candles, 6); // fewer candles than the period
    EXPECT_TRUE(std::none_of(tooShort.begin(), tooShort.end(), [](const auto& v) { return v.has_value(); }));
    EXPECT_TRUE(indicators::sma(candles, 0)[4] == std::nullopt);
}

TEST(Indicators, BollingerBandsAreTwoPopulationDeviationsWide) {
    const auto candles = closes({2, 4, 4, 4, 5, 5, 7, 9});
    const indicators::Bands b = indicators::bollinger(candles, 8);
    ASSERT_TRUE(b.middle[7] && b.upper[7] && b.lower[7]);
    EXPECT_DOUBLE_EQ(*b.middle[7], 5.0); // the classic example: mean 5, deviation 2
    EXPECT_DOUBLE_EQ(*b.upper[7], 9.0);
    EXPECT_DOUBLE_EQ(*b.lower[7], 1.0);
    EXPECT_FALSE(b.upper[6]);
}

TEST(Indicators, VwapWeighsEachCandleByItsVolumeAndRestartsEachDay) {
    std::vector<ChartCandle> candles = closes({10, 20, 30}, kMidnight - 2 * kMinute);
    candles[0].vwap = 10 * kUnit;
    candles[0].volume = 100;
    candles[1].vwap = 20 * kUnit;
    candles[1].volume = 300;
    candles[2].vwap = 30 * kUnit; // the next day (00:00): starts again
    candles[2].volume = 5;
    const indicators::Line v = indicators::vwap(candles);
    EXPECT_DOUBLE_EQ(*v[0], 10.0);
    EXPECT_DOUBLE_EQ(*v[1], 17.5); // (10 × 100 + 20 × 300) / 400
    EXPECT_DOUBLE_EQ(*v[2], 30.0);
    // Volumes and prices at the int64 limit do not wrap.
    std::vector<ChartCandle> huge = closes({1, 1});
    for (ChartCandle& c : huge) {
        c.vwap = 900'000'000'000'000'000;
        c.volume = 900'000'000'000'000'000;
    }
    EXPECT_NEAR(*indicators::vwap(huge)[1], 9e13, 1.0);
    std::vector<ChartCandle> none = closes({1});
    none[0].volume = 0;
    EXPECT_FALSE(indicators::vwap(none)[0]);
}

TEST(TimeAxis, LabelsFallOnRoundTimesAndFollowTheZoom) {
    // One minute over 900 px: a label every 10 s (90 px apart at least), with seconds.
    auto ticks = TimeAxis::ticks(kMidnight + 3 * kSecond, kMidnight + kMinute + 3 * kSecond, 900, 90, 0);
    ASSERT_EQ(ticks.size(), 6u);
    EXPECT_EQ(ticks[0], (TimeAxis::Tick{kMidnight + 10 * kSecond, QStringLiteral("00:00:10")}));
    EXPECT_EQ(ticks[5].label, QStringLiteral("00:01:00"));
    // Three hours: every 30 minutes, HH:mm.
    ticks = TimeAxis::ticks(kMidnight + kHour, kMidnight + 4 * kHour, 900, 90, 0);
    EXPECT_EQ(TimeAxis::step(3 * kHour, 900, 90), 30 * kMinute);
    EXPECT_EQ(ticks.front().label, QStringLiteral("01:00"));
    EXPECT_EQ(ticks[1].label, QStringLiteral("01:30"));
    // Across midnight, the day's first label is the date.
    ticks = TimeAxis::ticks(kMidnight - 2 * kHour, kMidnight + 2 * kHour, 900, 90, 0);
    const auto midnight = std::find_if(ticks.begin(), ticks.end(), [](const auto& t) { return t.ms == kMidnight; });
    ASSERT_NE(midnight, ticks.end());
    EXPECT_EQ(midnight->label,
              QDateTime::fromMSecsSinceEpoch(kMidnight, QTimeZone::utc()).toString(QStringLiteral("d MMM")));
    // Weeks of hourly candles: days, dated.
    ticks = TimeAxis::ticks(kMidnight, kMidnight + 20 * kDay, 900, 90, 0);
    EXPECT_GE(TimeAxis::step(20 * kDay, 900, 90), kDay);
    for (const auto& t : ticks)
        EXPECT_TRUE(t.label.contains(QLatin1Char(' '))) << t.label.toStdString();
    // Local time: an offset of +2 h puts the labels on local round hours.
    ticks = TimeAxis::ticks(kMidnight, kMidnight + 12 * kHour, 900, 90, 2 * 3600);
    EXPECT_EQ(ticks.front().label, QStringLiteral("02:00"));
    // Nothing to label: an empty range or no width.
    EXPECT_TRUE(TimeAxis::ticks(kMidnight, kMidnight, 900, 90, 0).empty());
    EXPECT_TRUE(TimeAxis::ticks(kMidnight, kMidnight + kHour, 0, 90, 0).empty());
}

TEST(AlertBook, AnAlertFiresOnceWhenItsPriceIsReachedAndCanBeRearmed) {
    AlertBook book;
    ASSERT_FALSE(book.put({QStringLiteral("a1"), QStringLiteral("AAPL"), PriceAlert::Kind::Above, 190 * kUnit}));
    ASSERT_FALSE(book.put({QStringLiteral("b1"), QStringLiteral("AAPL"), PriceAlert::Kind::Below, 180 * kUnit}));
    ASSERT_FALSE(book.put({QStringLiteral("m1"), QStringLiteral("MSFT"), PriceAlert::Kind::Move, 400 * kUnit, 250}));
    EXPECT_TRUE(book.observe(QStringLiteral("AAPL"), 189 * kUnit, 1).empty());
    auto fired = book.observe(QStringLiteral("AAPL"), 190 * kUnit, 2);
    ASSERT_EQ(fired.size(), 1u);
    EXPECT_EQ(fired[0].id, QStringLiteral("a1"));
    EXPECT_EQ(fired[0].firedPrice, 190 * kUnit);
    EXPECT_TRUE(book.observe(QStringLiteral("AAPL"), 195 * kUnit, 3).empty()); // once
    EXPECT_FALSE(book.find(QStringLiteral("a1"))->armed());
    EXPECT_EQ(book.observe(QStringLiteral("AAPL"), 179 * kUnit, 4).size(), 1u); // the below
    // A move of 2.5 % from 400: at or below 390, at or above 410.
    EXPECT_EQ(book.find(QStringLiteral("m1"))->thresholds(), (std::vector<std::int64_t>{390 * kUnit, 410 * kUnit}));
    EXPECT_TRUE(book.observe(QStringLiteral("MSFT"), 409 * kUnit, 5).empty());
    EXPECT_EQ(book.observe(QStringLiteral("MSFT"), 390 * kUnit, 6).size(), 1u);
    // Re-armed, a move is measured from the price then.
    book.rearm(QStringLiteral("m1"), 390 * kUnit);
    EXPECT_TRUE(book.find(QStringLiteral("m1"))->armed());
    EXPECT_EQ(book.find(QStringLiteral("m1"))->price, 390 * kUnit);
    book.remove(QStringLiteral("m1"));
    EXPECT_EQ(book.find(QStringLiteral("m1")), nullptr);
    EXPECT_TRUE(book.observe(QStringLiteral("AAPL"), 0, 7).empty()); // no price: nothing fires
}

TEST(AlertBook, RefusesWhatCannotBeWatched) {
    AlertBook book;
    EXPECT_TRUE(book.put({QStringLiteral("x"), QStringLiteral("not a symbol!"), PriceAlert::Kind::Above, kUnit}));
    EXPECT_TRUE(book.put({QStringLiteral("x"), QStringLiteral("AAPL"), PriceAlert::Kind::Above, 0}));
    EXPECT_TRUE(
        book.put({QStringLiteral("x"), QStringLiteral("AAPL"), PriceAlert::Kind::Below, AlertBook::kMaxPrice + 1}));
    EXPECT_TRUE(book.put({QStringLiteral("x"), QStringLiteral("AAPL"), PriceAlert::Kind::Move, kUnit, 0}));
    EXPECT_TRUE(book.put(
        {QStringLiteral("x"), QStringLiteral("AAPL"), PriceAlert::Kind::Move, kUnit, AlertBook::kMaxBasisPoints + 1}));
    EXPECT_TRUE(book.put({QString(), QStringLiteral("AAPL"), PriceAlert::Kind::Above, kUnit})); // no id
    EXPECT_TRUE(book.alerts().empty());
    // The largest move on the largest price does not wrap.
    const PriceAlert widest{QStringLiteral("w"), QStringLiteral("AAPL"), PriceAlert::Kind::Move, AlertBook::kMaxPrice,
                            AlertBook::kMaxBasisPoints};
    ASSERT_FALSE(book.put(widest));
    EXPECT_EQ(widest.thresholds(), (std::vector<std::int64_t>{0, 2 * AlertBook::kMaxPrice}));
    for (std::size_t i = 1; i < AlertBook::kMaxAlerts; ++i)
        ASSERT_FALSE(book.put({QString::number(i), QStringLiteral("AAPL"), PriceAlert::Kind::Above, kUnit}));
    EXPECT_TRUE(book.put({QStringLiteral("one-more"), QStringLiteral("AAPL"), PriceAlert::Kind::Above, kUnit}));
    EXPECT_FALSE(book.put({QStringLiteral("w"), QStringLiteral("AAPL"), PriceAlert::Kind::Above, kUnit})); // replaced
}
