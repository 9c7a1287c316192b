// The market watch model on its own: QAbstractItemModelTester watches every change.
#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <gtest/gtest.h>

#include "market/market_watch_model.h"

using namespace kse;

namespace {

// The snapshot is dated kBase + 5 s and the live seconds are offsets from kBase; candles are decoded
// against a reference a minute after kBase, as the feed's consumer would.
constexpr std::int64_t kBase = 1'700'000'000'000;

AggregateMessage second(const std::string& symbol, std::int64_t offset, const char* close, const char* high,
                        const char* low) {
    const std::string json = R"({"symbol":")" + symbol + R"(","interval":"1s","start":)" +
                             std::to_string(kBase + offset) + R"(,"open":)" + close + R"(,"high":)" + high +
                             R"(,"low":)" + low + R"(,"close":)" + close + R"(,"volume":5,"vwap":)" + close +
                             R"(,"count":1,"final":false})";
    return decodeAggregateMessage(json, kBase + 60'000).value();
}

QString cell(const QAbstractItemModel& model, int row, int column) {
    return model.data(model.index(row, column)).toString();
}

} // namespace

TEST(MarketWatchModel, ASnapshotThenLiveCandles) {
    MarketWatchModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const auto quotes = decodeQuotes(
        R"([{"symbol":"AAPL","price":187.25,"open":186,"high":188,"low":185.5,"change":1.25,"change_pct":0.67,"volume":1200,"count":9,"updated":1700000005000},)"
        R"({"symbol":"MSFT","price":400,"open":410,"high":411,"low":399,"change":-10,"change_pct":-2.44,"volume":30,"count":2,"updated":1700000005000}])");
    ASSERT_TRUE(quotes) << quotes.error();
    model.applySnapshot(quotes.value());
    ASSERT_EQ(model.rowCount(), 2);
    EXPECT_EQ(cell(model, 0, MarketWatchModel::Last), QStringLiteral("187.25"));
    EXPECT_EQ(cell(model, 0, MarketWatchModel::Change), QStringLiteral("+1.25"));
    EXPECT_EQ(cell(model, 0, MarketWatchModel::ChangePercent), QStringLiteral("+0.67%"));
    EXPECT_EQ(cell(model, 1, MarketWatchModel::Change), QStringLiteral("-10.00"));

    // Live: a new high; then a late correction of an older second does not move the price.
    model.applyCandles({second("AAPL", 6000, "189", "189.5", "188")});
    EXPECT_EQ(cell(model, 0, MarketWatchModel::Last), QStringLiteral("189.00"));
    EXPECT_EQ(cell(model, 0, MarketWatchModel::High), QStringLiteral("189.50"));
    EXPECT_EQ(cell(model, 0, MarketWatchModel::Change), QStringLiteral("+3.00")); // against the previous close, 186
    model.applyCandles({second("AAPL", 5500, "150", "150", "150")});
    EXPECT_EQ(cell(model, 0, MarketWatchModel::Last), QStringLiteral("189.00"));
    // An older snapshot does not undo the live price; a symbol first seen live gets a row.
    model.applySnapshot(quotes.value());
    EXPECT_EQ(cell(model, 0, MarketWatchModel::Last), QStringLiteral("189.00"));
    model.applyCandles({second("NEW", 7000, "10", "10.5", "9.5")});
    ASSERT_EQ(model.rowCount(), 3);
    EXPECT_EQ(cell(model, 2, MarketWatchModel::Symbol), QStringLiteral("NEW"));
    EXPECT_EQ(cell(model, 2, MarketWatchModel::Low), QStringLiteral("9.50"));
    EXPECT_EQ(model.data(model.index(0, MarketWatchModel::Last), Qt::ForegroundRole).value<QBrush>().color(),
              QColor(0x26, 0xa6, 0x9a)); // up: green
}

TEST(MarketWatchModel, SortsByNumberAndFiltersBySymbol) {
    MarketWatchModel model;
    model.applySnapshot(
        decodeQuotes(
            R"([{"symbol":"B","price":9,"open":9,"high":9,"low":9,"change":0,"volume":1,"updated":1},)"
            R"({"symbol":"A","price":10,"open":10,"high":10,"low":10,"change":0,"volume":1,"updated":1},)"
            R"({"symbol":"AB","price":100,"open":100,"high":100,"low":100,"change":0,"volume":1,"updated":1}])")
            .value());
    QSortFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    proxy.setSourceModel(&model);
    proxy.setSortRole(MarketWatchModel::SortRole);
    proxy.sort(MarketWatchModel::Last, Qt::DescendingOrder);
    EXPECT_EQ(cell(proxy, 0, MarketWatchModel::Symbol), QStringLiteral("AB")); // 100 > 10 > 9, not "9" > "100"
    EXPECT_EQ(cell(proxy, 2, MarketWatchModel::Symbol), QStringLiteral("B"));
    proxy.setFilterKeyColumn(MarketWatchModel::Symbol);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy.setFilterFixedString(QStringLiteral("a"));
    EXPECT_EQ(proxy.rowCount(), 2);
    EXPECT_FALSE(decodeQuotes("{}"));
    EXPECT_FALSE(decodeQuotes(R"([{"symbol":"X"}])"));
}

TEST(MarketWatchModel, TheBestBidAndAskFromTheStreamWithTheSpread) {
    MarketWatchModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const auto quotes = decodeQuotes(
        R"([{"symbol":"AAPL","price":187.25,"open":186,"high":188,"low":185.5,"change":1.25,"change_pct":0.67,"volume":1200,"count":9,"updated":1700000005000}])");
    ASSERT_TRUE(quotes) << quotes.error();
    model.applySnapshot(quotes.value());
    EXPECT_EQ(cell(model, 0, MarketWatchModel::Bid), QString()); // none until the stream says
    model.applyTop({QStringLiteral("AAPL"), std::pair<std::int64_t, std::int64_t>{1'872'000, 300},
                    std::pair<std::int64_t, std::int64_t>{1'873'500, 20}, 4});
    EXPECT_EQ(cell(model, 0, MarketWatchModel::Bid), QStringLiteral("187.20"));
    EXPECT_EQ(cell(model, 0, MarketWatchModel::Ask), QStringLiteral("187.35"));
    EXPECT_EQ(cell(model, 0, MarketWatchModel::Spread), QStringLiteral("0.15"));
    EXPECT_EQ(model.data(model.index(0, MarketWatchModel::Bid), Qt::ToolTipRole).toString(),
              QStringLiteral("300 at 187.20"));
    EXPECT_EQ(model.data(model.index(0, MarketWatchModel::Spread), MarketWatchModel::SortRole).toLongLong(), 1'500);
    // The API's list (which has no book) leaves them; a symbol the watch does not list is ignored.
    model.applySnapshot(quotes.value());
    EXPECT_EQ(cell(model, 0, MarketWatchModel::Ask), QStringLiteral("187.35"));
    model.applyTop({QStringLiteral("ZZZ"), std::pair<std::int64_t, std::int64_t>{1, 1}, std::nullopt, 1});
    EXPECT_EQ(model.rowCount(), 1);
    // One side empty: no spread. The stream gone: nothing shown.
    model.applyTop({QStringLiteral("AAPL"), std::nullopt, std::pair<std::int64_t, std::int64_t>{1'873'500, 20}, 5});
    EXPECT_EQ(cell(model, 0, MarketWatchModel::Bid), QString());
    EXPECT_EQ(cell(model, 0, MarketWatchModel::Spread), QString());
    model.clearTops();
    EXPECT_EQ(cell(model, 0, MarketWatchModel::Ask), QString());
}

TEST(MarketWatchModel, TheSessionTrendFromFiveMinuteCandlesMovedOnLive) {
    MarketWatchModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applyCandles({second("AAPL", 0, "187", "187", "187")}); // kBase is 22:13:20 UTC
    const auto trend = [&] {
        return model.data(model.index(0, MarketWatchModel::Trend), MarketWatchModel::TrendRole).value<QList<qreal>>();
    };
    EXPECT_EQ(trend(), (QList<qreal>{1'870'000}));
    // History: yesterday's candle is not this session's.
    constexpr std::int64_t kStep = MarketWatchModel::kTrendStepMs;
    const std::int64_t window = kBase - kBase % kStep;
    std::vector<ChartCandle> history;
    for (const std::int64_t start :
         std::initializer_list<std::int64_t>{window - 30 * 3'600'000, window - 2 * kStep, window - kStep})
        history.push_back({start, 0, 0, 0, 1'800'000 + (start % 7) * 10'000, 1, 0, 1, true});
    model.setTrend(QStringLiteral("AAPL"), history);
    ASSERT_EQ(trend().size(), 3); // two of today, then the live window
    EXPECT_EQ(trend().back(), 1'870'000);
    // The same window moves its point; the next window adds one.
    model.applyCandles({second("AAPL", 1'000, "188", "188", "188")});
    EXPECT_EQ(trend().size(), 3);
    EXPECT_EQ(trend().back(), 1'880'000);
    model.applyCandles({second("AAPL", window + kStep - kBase, "189", "189", "189")}); // 100 s on: the next window
    EXPECT_EQ(trend().size(), 4);
    EXPECT_EQ(model.data(model.index(0, MarketWatchModel::Trend)).toString(), QString()); // drawn, not written
    model.setTrend(QStringLiteral("NOSUCH"), history); // a symbol the watch does not list: ignored
    EXPECT_EQ(model.rowCount(), 1);
}

TEST(MarketWatchModel, EveryColumnHasItsHeader) {
    MarketWatchModel model;
    ASSERT_EQ(model.columnCount(), MarketWatchModel::ColumnCount);
    EXPECT_EQ(model.headerData(MarketWatchModel::Trend, Qt::Horizontal).toString(), QStringLiteral("Session"));
    EXPECT_EQ(model.headerData(MarketWatchModel::Updated, Qt::Horizontal).toString(), QStringLiteral("Updated"));
}
