// The stock aggregator as real processes against the real broker: killed with SIGKILL in the
// middle of a stream, and two members of one group handing partitions over. Every symbol's
// totals must equal the input exactly: nothing lost, nothing counted twice.
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <iostream>
#include <map>

#include "contract/answer_object.h"
#include "domain/interval.h"
#include "e2e/candle_check.h"
#include "kafka/producer.h"
#include "stock_aggregator/candle_aggregator.h"
#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/metrics_text.h"
#include "support/test_brokers.h"
#include "support/topic_reader.h"
#include "support/wait.h"

using namespace kse::test;

namespace {

struct Totals {
    std::int64_t volume = 0;
    std::int64_t count = 0;
    bool operator==(const Totals&) const = default;
};

// Ticks dated now, and the totals each symbol must end with.
class TickFeed : public IngressFeed {
public:
    using IngressFeed::IngressFeed;
    void send(int count) {
        for (int i = 0; i < count; ++i, ++m_sent) {
            const std::string& symbol = m_symbols[static_cast<std::size_t>(m_sent) % m_symbols.size()];
            const std::int64_t qty = 1 + m_sent % 97;
            const std::string value = R"({"id":)" + std::to_string(m_sent + 1) + R"(,"name":")" + symbol +
                                      R"(","price":)" + std::to_string(100 + m_sent % 50) + "." +
                                      std::to_string(m_sent % 10) + R"(,"volume":)" + std::to_string(qty) +
                                      R"(,"ts":)" + std::to_string(QDateTime::currentMSecsSinceEpoch()) + "}";
            produce(symbol, value);
            Totals& t = m_expected[symbol];
            t.volume += qty;
            ++t.count;
        }
        ASSERT_TRUE(flushed());
    }
    const std::map<std::string, Totals>& expected() const { return m_expected; }

private:
    std::map<std::string, Totals> m_expected;
};

QStringList aggregatorArguments(const QString& dataDir) {
    return serviceOnTestBrokers(QStringLiteral("stock-aggregator"), dataDir);
}

// What one aggregator's HTTP API says of the feed's symbols: session statistics, and the sum of
// the 1m candles (which must agree).
std::map<std::string, Totals> stored(HttpClient& http, const std::map<std::string, Totals>& expected,
                                     bool fromCandles = false) {
    std::map<std::string, Totals> out;
    for (const auto& [symbol, ignored] : expected) {
        const QString s = QString::fromStdString(symbol);
        if (!fromCandles) {
            const auto stock = QJsonDocument::fromJson(http.get(QStringLiteral("/api/v1/stocks/") + s).body).object();
            if (!stock.isEmpty())
                out[symbol] = {stock.value(QLatin1String("volume")).toInteger(),
                               stock.value(QLatin1String("count")).toInteger()};
            continue;
        }
        const auto candles =
            QJsonDocument::fromJson(
                http.get(QStringLiteral("/api/v1/stocks/%1/candles?interval=1m&limit=5000").arg(s)).body)
                .array();
        Totals t;
        for (const auto& c : candles) {
            t.volume += c.toObject().value(QLatin1String("volume")).toInteger();
            t.count += c.toObject().value(QLatin1String("count")).toInteger();
        }
        out[symbol] = t;
    }
    return out;
}

std::int64_t storedCount(HttpClient& http, const std::map<std::string, Totals>& expected) {
    std::int64_t sum = 0;
    for (const auto& [symbol, totals] : stored(http, expected))
        sum += totals.count;
    return sum;
}

void expectTotalsEqual(const std::map<std::string, Totals>& actual, const std::map<std::string, Totals>& expected) {
    ASSERT_EQ(actual.size(), expected.size());
    for (const auto& [symbol, totals] : expected) {
        EXPECT_EQ(actual.at(symbol).volume, totals.volume) << symbol;
        EXPECT_EQ(actual.at(symbol).count, totals.count) << symbol;
    }
}

// Per symbol, the sum over hours of the newest 1h candle published on stock-aggregates.
std::map<std::string, Totals> newestPublished(const std::map<std::string, Totals>& expected) {
    std::map<std::pair<std::string, std::int64_t>, Totals> newest;
    for (const auto& record : readTopic(testBrokers().toStdString(), "stock-aggregates")) {
        if (!expected.contains(record.key))
            continue;
        const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(record.value)).object();
        if (json.value(QLatin1String("interval")).toString() != QStringLiteral("1h"))
            continue;
        newest[{record.key, json.value(QLatin1String("start")).toInteger()}] = {
            json.value(QLatin1String("volume")).toInteger(), json.value(QLatin1String("count")).toInteger()};
    }
    std::map<std::string, Totals> published;
    for (const auto& [key, totals] : newest) {
        published[key.first].volume += totals.volume;
        published[key.first].count += totals.count;
    }
    return published;
}

// The partitions the group gave this member, as it reports them.
double partitions(HttpClient& http) {
    return metricValue(http.get(QStringLiteral("/metrics")).body, QStringLiteral("kse_aggregator_partitions"));
}

bool assigned(HttpClient& http) { return partitions(http) >= 1; }

} // namespace

TEST(StockAggregatorE2E, KillNineMidStreamThenRestartCountsEveryTickOnce) {
    QTemporaryDir dataDir;
    TickFeed feed(uniqueTag(QStringLiteral("AGK")), 20);
    auto aggregator = std::make_unique<BackendProcess>(aggregatorArguments(dataDir.path()));
    aggregator->start();
    HttpClient http(aggregator->baseUrl());
    ASSERT_TRUE(waitUntil([&] { return assigned(http); }, 60'000)) << aggregator->output().toStdString();

    feed.send(60'000);
    ASSERT_TRUE(waitUntil([&] { return storedCount(http, feed.expected()) >= 20'000; }, 60'000));
    aggregator->kill(); // SIGKILL: no flush, no commit, no goodbye
    feed.send(140'000);

    aggregator = std::make_unique<BackendProcess>(aggregatorArguments(dataDir.path()));
    aggregator->start();
    HttpClient again(aggregator->baseUrl());
    const bool caughtUp = waitUntil([&] { return storedCount(again, feed.expected()) >= 200'000; }, 120'000);
    EXPECT_TRUE(caughtUp) << "counted " << storedCount(again, feed.expected()) << " of 200000";
    expectTotalsEqual(stored(again, feed.expected()), feed.expected());
    expectTotalsEqual(stored(again, feed.expected(), true), feed.expected());
    EXPECT_EQ(aggregator->terminate(), 0) << aggregator->output().toStdString();
}

TEST(StockAggregatorE2E, TwoMembersSplitPartitionsAndHandOverWithoutLosingOrDoubling) {
    QTemporaryDir dirA, dirB;
    TickFeed feed(uniqueTag(QStringLiteral("AGS")), 12);
    BackendProcess a(aggregatorArguments(dirA.path()));
    a.start();
    HttpClient httpA(a.baseUrl());
    ASSERT_TRUE(waitUntil([&] { return assigned(httpA); }, 60'000)) << a.output().toStdString();
    BackendProcess b(aggregatorArguments(dirB.path()));
    b.start();
    HttpClient httpB(b.baseUrl());
    ASSERT_TRUE(waitUntil([&] { return assigned(httpB); }, 60'000)) << b.output().toStdString();

    feed.send(40'000);
    // Both members aggregate a share of the symbols.
    ASSERT_TRUE(waitUntil(
        [&] { return storedCount(httpA, feed.expected()) + storedCount(httpB, feed.expected()) >= 40'000; }, 60'000));
    EXPECT_GT(storedCount(httpA, feed.expected()), 0);
    EXPECT_GT(storedCount(httpB, feed.expected()), 0);

    feed.send(20'000);
    EXPECT_EQ(b.terminate(), 0) << b.output().toStdString(); // stopped mid-stream
    feed.send(40'000);

    // The survivor owns every partition now and holds every symbol's complete totals.
    const bool complete = waitUntil([&] { return storedCount(httpA, feed.expected()) >= 100'000; }, 120'000);
    EXPECT_TRUE(complete) << "A counted " << storedCount(httpA, feed.expected()) << " of 100000\n"
                          << a.output().toStdString();
    expectTotalsEqual(stored(httpA, feed.expected()), feed.expected());
    expectTotalsEqual(stored(httpA, feed.expected(), true), feed.expected());

    // Readers of stock-aggregates see the same: the newest 1h candle of every symbol and hour
    // (forming candles go out at most 4 times a second, so the newest may take a moment).
    std::map<std::string, Totals> published;
    waitUntil([&] {
        published = newestPublished(feed.expected());
        return published == feed.expected();
    });
    expectTotalsEqual(published, feed.expected());
    EXPECT_EQ(a.terminate(), 0);
}

namespace {

double rebuilds(HttpClient& http) {
    return metricValue(http.get(QStringLiteral("/metrics")).body, QStringLiteral("kse_aggregator_rebuilds_total"));
}

// Starts an aggregator on its own data directory and waits until the group gave it partitions.
std::unique_ptr<BackendProcess> startedMember(const QString& dataDir) {
    auto member = std::make_unique<BackendProcess>(aggregatorArguments(dataDir));
    member->start();
    HttpClient http(member->baseUrl());
    EXPECT_TRUE(waitUntil([&] { return assigned(http); }, 90'000)) << "a member was given partitions";
    return member;
}

// A platform API that reads stock-aggregates into a Market DB of its own.
std::unique_ptr<BackendProcess> startedPlatform(const QString& dataDir) {
    QStringList arguments = serviceOnTestBrokers(QStringLiteral("platform-api"), dataDir);
    arguments << QStringLiteral("--no-market-maker");
    auto platform = std::make_unique<BackendProcess>(arguments);
    platform->start();
    return platform;
}

} // namespace

TEST(StockAggregatorE2E, AfterHandoversThePlatformStoresTheFinalCandlesOfOneUninterruptedAggregator) {
    // Four whole minutes of today (UTC) just past: a replay rebuilds the session they belong to.
    const auto sinceMidnight = [] { return QDateTime::currentMSecsSinceEpoch() % kse::SessionStats::kDayMs; };
    ASSERT_TRUE(waitUntil([&] { return sinceMidnight() >= 6 * 60'000; }, 7 * 60'000));
    const std::int64_t first =
        kse::windowStart(QDateTime::currentMSecsSinceEpoch(), kse::Interval::Minute1) - 5 * 60'000;
    DatedFeed feed(uniqueTag(QStringLiteral("AGF")), 10);
    const auto pastMinutes = [first](int n) { return first + (n * 7'919) % (4 * 60'000); };

    QTemporaryDir dirA, dirB, dirPlatform;
    const auto a = startedMember(dirA.path());
    HttpClient httpA(a->baseUrl());
    auto b = startedMember(dirB.path());
    const auto platform = startedPlatform(dirPlatform.path());
    HttpClient http(platform->baseUrl());
    const auto settled = [&](int timeoutMs) { return platformHolds(http, feed, timeoutMs); };

    // Both members aggregate a share of the symbols.
    feed.send(3'000, pastMinutes);
    ASSERT_TRUE(settled(90'000));
    // b dies: a takes its partitions after the session timeout, replaying what it needs to.
    b->kill();
    feed.send(3'000, pastMinutes);
    ASSERT_TRUE(settled(120'000));
    EXPECT_EQ(partitions(httpA), 6) << "a took b's partitions over";

    // b comes back with its old Stocks DB and takes partitions again: what it held from before
    // must not reach the platform, and a publishes nothing more for what it gave back.
    b = startedMember(dirB.path());
    HttpClient httpB(b->baseUrl());
    feed.send(3'000, pastMinutes);
    ASSERT_TRUE(settled(120'000));
    std::cout << "final 1m candles checked: " << feed.expected().size() << ", rebuilds by a: " << rebuilds(httpA)
              << ", by b after its return: " << rebuilds(httpB) << "\n";
}

// The report's case: a member killed while its windows are open comes back, after they closed,
// with the Stocks DB it had. Nothing it held then may reach the platform: the finals the
// platform keeps are those of the member that aggregated the whole minute.
TEST(StockAggregatorE2E, AMemberBackWithAnOldDatabasePublishesNothingStale) {
    QTemporaryDir dirA, dirB, dirPlatform;
    const auto a = startedMember(dirA.path());
    auto b = startedMember(dirB.path());
    const auto platform = startedPlatform(dirPlatform.path());
    HttpClient http(platform->baseUrl());
    DatedFeed feed(uniqueTag(QStringLiteral("AGO")), 10);
    const auto now = [](int) { return QDateTime::currentMSecsSinceEpoch(); };

    // Early in a minute of today's session, so that both halves of the feed fall in it.
    const auto second = [] { return QDateTime::currentMSecsSinceEpoch() % 60'000; };
    const auto sinceMidnight = [] { return QDateTime::currentMSecsSinceEpoch() % kse::SessionStats::kDayMs; };
    ASSERT_TRUE(waitUntil([&] { return second() < 10'000 && sinceMidnight() > 60'000; }, 70'000));
    const std::int64_t minute = kse::windowStart(QDateTime::currentMSecsSinceEpoch(), kse::Interval::Minute1);
    feed.send(1'500, now);
    ASSERT_TRUE(platformHolds(http, feed, 20'000)) << "both members' forming candles";
    b->kill(); // its share of the minute is open in its Stocks DB
    feed.send(1'500, now);
    ASSERT_LT(QDateTime::currentMSecsSinceEpoch(), minute + 60'000) << "the feed fell out of its minute";

    // a takes b's partitions over, replays the minute and publishes its finals.
    ASSERT_TRUE(waitUntil([&] { return QDateTime::currentMSecsSinceEpoch() > minute + 63'000; }, 90'000));
    ASSERT_TRUE(platformHolds(http, feed, 60'000));

    // A third member joins, then b comes back with its old database: the group splits three
    // ways, so b now owns other partitions than the ones its database speaks of. A tick per
    // symbol after that follows, on each partition, whatever b published when it came back.
    QTemporaryDir dirC;
    const auto c = startedMember(dirC.path());
    b = startedMember(dirB.path());
    const std::int64_t later = kse::windowStart(QDateTime::currentMSecsSinceEpoch(), kse::Interval::Minute1);
    feed.send(static_cast<int>(feed.symbols().size()), [later](int) { return later + 1'000; });
    const auto expected = feed.expected();
    ASSERT_TRUE(waitUntil(
        [&] {
            int arrived = 0;
            for (const std::string& symbol : feed.symbols()) {
                std::map<std::pair<std::string, std::int64_t>, kse::Candle> newest;
                newest[{symbol, later}] = expected.at({symbol, later});
                arrived += matchingCandles(http, newest, {symbol}, nullptr);
            }
            return arrived == static_cast<int>(feed.symbols().size());
        },
        60'000))
        << "the platform read past what b published when it came back";
    // Not eventually: at once. A stale final that a later rebalance happens to correct is still
    // a wrong chart for as long as it stands.
    std::string mismatch;
    EXPECT_EQ(matchingCandles(http, expected, feed.symbols(), &mismatch), static_cast<int>(expected.size()))
        << "the minute's finals are those of one uninterrupted run; first difference: " << mismatch;
}

// Static membership: a member restarted within the session timeout (20 s) takes its own
// partitions back and resumes them from its Stocks DB; nothing moves, nothing is replayed.
TEST(StockAggregatorE2E, AMemberRestartedWithinTheSessionTimeoutTakesItsPartitionsBackWithoutARebalance) {
    QTemporaryDir dirA, dirB;
    TickFeed feed(uniqueTag(QStringLiteral("AGR")), 12);
    const auto a = startedMember(dirA.path());
    HttpClient httpA(a->baseUrl());
    auto b = startedMember(dirB.path());
    feed.send(12'000);
    {
        HttpClient httpB(b->baseUrl());
        ASSERT_TRUE(waitUntil(
            [&] { return storedCount(httpA, feed.expected()) + storedCount(httpB, feed.expected()) == 12'000; },
            60'000));
    }
    const double rebuildsOfA = rebuilds(httpA);

    EXPECT_EQ(b->terminate(), 0);
    b = std::make_unique<BackendProcess>(aggregatorArguments(dirB.path()));
    b->start();
    HttpClient httpB(b->baseUrl());
    feed.send(12'000);
    // Each member counts only the symbols of its own partitions: had anything moved, the one
    // that took it over would have replayed it and the sum would count it twice.
    ASSERT_TRUE(waitUntil(
        [&] { return storedCount(httpA, feed.expected()) + storedCount(httpB, feed.expected()) == 24'000; }, 60'000))
        << "a: " << storedCount(httpA, feed.expected()) << ", b: " << storedCount(httpB, feed.expected());
    EXPECT_GT(storedCount(httpB, feed.expected()), 0);
    EXPECT_EQ(rebuilds(httpB), 0) << "b resumed its partitions from its own Stocks DB";
    EXPECT_EQ(rebuilds(httpA), rebuildsOfA) << "nothing moved to a";
}
