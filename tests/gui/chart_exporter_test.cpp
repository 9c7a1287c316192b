// The chart exporter in-process: every format, from known candles.
#include "api/platform_resources.h"
#include "chart/chart_series.h"
#include "export/chart_exporter.h"

#include <QFile>
#include <QImage>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <set>

using namespace kse;

namespace {

ChartSeries sample(int count) {
    ChartSeries series{QStringLiteral("AAPL"), QStringLiteral("1m"), {}};
    for (int i = 0; i < count; ++i) {
        const std::int64_t base = 1'872'500 + (i % 7) * 1'000 - (i % 3) * 1'500;
        series.candles.push_back({1'800'000'000'000 + i * 60'000LL, base, base + 2'500, base - 2'000,
                                  base + (i % 2 ? 1'000 : -1'000), 100 + i, base + 100, 3 + i % 4, i + 1 < count});
    }
    return series;
}

int distinctColours(const QImage& image) {
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    return static_cast<int>(colours.size());
}

} // namespace

TEST(ChartExporter, CsvHoldsEveryCandleExactly) {
    ChartSeries series{QStringLiteral("AAPL"),
                       QStringLiteral("1m"),
                       {{1'800'000'000'000, 1'872'500, 1'880'001, 1'870'000, 1'875'000, 120, 1'874'321, 4, true}}};
    EXPECT_EQ(ChartExporter::csv(series),
              QByteArray("start,time_utc,open,high,low,close,volume,vwap,count,final\n"
                         "1800000000000,2027-01-15T08:00:00.000Z,187.25,188.0001,187,187.5,120,187.4321,4,true\n"));
}

TEST(ChartExporter, WritesAPngOfTheRequestedSizeAnSvgAndAPdf) {
    QTemporaryDir dir;
    const ChartSeries series = sample(120);
    ChartExporter exporter;
    ASSERT_EQ(exporter.write(series, dir.filePath(QStringLiteral("c.png")), QSize(640, 400)), std::nullopt);
    const QImage image(dir.filePath(QStringLiteral("c.png")));
    EXPECT_EQ(image.size(), QSize(640, 400));
    EXPECT_GT(distinctColours(image), 8); // candles, axes and text, not a blank page

    ASSERT_EQ(exporter.write(series, dir.filePath(QStringLiteral("c.svg")), QSize(640, 400)), std::nullopt);
    QSvgRenderer svg(dir.filePath(QStringLiteral("c.svg")));
    EXPECT_TRUE(svg.isValid());
    EXPECT_EQ(svg.viewBox(), QRect(0, 0, 640, 400));

    ASSERT_EQ(exporter.write(series, dir.filePath(QStringLiteral("c.pdf")), QSize(640, 400)), std::nullopt);
    QFile pdf(dir.filePath(QStringLiteral("c.pdf")));
    ASSERT_TRUE(pdf.open(QIODevice::ReadOnly));
    const QByteArray bytes = pdf.readAll();
    EXPECT_TRUE(bytes.startsWith("%PDF-"));
    EXPECT_TRUE(bytes.trimmed().endsWith("%%EOF"));
    EXPECT_TRUE(bytes.contains("/MediaBox [0 0 640.000000 400.000000]")) << "a page of 640 × 400 points";
}

TEST(ChartExporter, DarkThemeAndAnEmptySeriesStillRender) {
    QTemporaryDir dir;
    ChartExporter dark(CandleChart::Theme::Dark);
    ASSERT_EQ(dark.write(ChartSeries{QStringLiteral("NONE"), QStringLiteral("1h"), {}},
                         dir.filePath(QStringLiteral("e.png")), QSize(300, 200)),
              std::nullopt);
    const QImage image(dir.filePath(QStringLiteral("e.png")));
    EXPECT_EQ(image.size(), QSize(300, 200));
    EXPECT_LT(qGray(image.pixel(150, 5)), 128); // a dark background
}

TEST(ChartExporter, RefusesUnknownFormatsAndSizesAndUnwritablePaths) {
    QTemporaryDir dir;
    ChartExporter exporter;
    EXPECT_TRUE(exporter.write(sample(3), dir.filePath(QStringLiteral("c.gif")), QSize(640, 400))
                    ->contains(QStringLiteral("gif")));
    EXPECT_TRUE(exporter.write(sample(3), dir.filePath(QStringLiteral("c.png")), QSize(10, 400)));
    EXPECT_TRUE(exporter.write(sample(3), QStringLiteral("/nonexistent/dir/c.csv"), QSize(640, 400)));
    EXPECT_TRUE(exporter.write(sample(3), QStringLiteral("/nonexistent/dir/c.png"), QSize(640, 400)));
}

TEST(ChartSeries, ParsesTheApisCandlesAndRefusesOthers) {
    const auto candles = decodeCandles(
        R"([{"start":60000,"open":1.5,"high":2,"low":1,"close":1.25,"volume":7,"vwap":1.3333,"count":2,"final":true},)"
        R"({"start":120000,"open":1.25,"high":1.25,"low":1.25,"close":1.25,"volume":0,"vwap":1.25,"count":1,"final":false}])");
    ASSERT_TRUE(candles) << candles.error();
    ASSERT_EQ(candles.value().size(), 2u);
    EXPECT_EQ(candles.value()[0], (ChartCandle{60'000, 15'000, 20'000, 10'000, 12'500, 7, 13'333, 2, true}));
    EXPECT_FALSE(decodeCandles("{}"));
    EXPECT_FALSE(decodeCandles(R"([{"start":1,"open":"x"}])"));
    EXPECT_FALSE(
        decodeCandles(R"([{"start":1,"open":1.00001,"high":1,"low":1,"close":1,"volume":1,"vwap":1,"count":1}])"));
    EXPECT_FALSE(decodeCandles(R"([{"start":2,"open":1,"high":1,"low":1,"close":1,"volume":1,"vwap":1,"count":1},)"
                               R"({"start":2,"open":1,"high":1,"low":1,"close":1,"volume":1,"vwap":1,"count":1}])"));
}
