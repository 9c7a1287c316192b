// The stock aggregator as real processes against the real broker: killed with SIGKILL in the
// middle of a stream, and two members of one group handing partitions over. Every symbol's
// totals must equal the input exactly: nothing lost, nothing counted twice.
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <map>

#include "kafka/producer.h"
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

// Feeds ticks for `symbols` symbols straight into stock-ingress and remembers what it sent.
class TickFeed {
public:
    TickFeed(const QString& prefix, int symbols) : m_logger(kse::LogLevel::Warning) {
        kse::Producer::Options options;
        options.brokers = testBrokers().toStdString();
        m_producer = std::make_unique<kse::Producer>(options, m_logger);
        for (int i = 0; i < symbols; ++i)
            m_symbols.push_back((prefix + QStringLiteral("_%1").arg(i)).toStdString());
    }
    void send(int count) {
        for (int i = 0; i < count; ++i, ++m_sent) {
            const std::string& symbol = m_symbols[static_cast<std::size_t>(m_sent) % m_symbols.size()];
            const std::int64_t qty = 1 + m_sent % 97;
            const std::string value = R"({"id":)" + std::to_string(m_sent + 1) + R"(,"name":")" + symbol +
                                      R"(","price":)" + std::to_string(100 + m_sent % 50) + "." +
                                      std::to_string(m_sent % 10) + R"(,"volume":)" + std::to_string(qty) +
                                      R"(,"ts":)" + std::to_string(QDateTime::currentMSecsSinceEpoch()) + "}";
            while (m_producer->produce("stock-ingress", symbol, value) != kse::ProduceStatus::Queued)
                m_producer->flush(100);
            Totals& t = m_expected[symbol];
            t.volume += qty;
            ++t.count;
        }
        ASSERT_EQ(m_producer->flush(60'000), 0);
    }
    const std::map<std::string, Totals>& expected() const { return m_expected; }

private:
    kse::Logger m_logger;
    std::unique_ptr<kse::Producer> m_producer;
    std::vector<std::string> m_symbols;
    std::map<std::string, Totals> m_expected;
    int m_sent = 0;
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

bool assigned(HttpClient& http) {
    return metricValue(http.get(QStringLiteral("/metrics")).body, QStringLiteral("kse_aggregator_rebuilds_total")) >= 1;
}

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
