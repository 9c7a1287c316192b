#pragma once

// Ticks straight into stock-ingress, and the check that the platform stores every 1m candle of
// them as one uninterrupted aggregator would have made it: for the end-to-end tests of the
// aggregator and of scaling out.
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "contract/answer_object.h"
#include "contract/price_event.h"
#include "domain/interval.h"
#include "kafka/producer.h"
#include "stock_aggregator/candle_aggregator.h"
#include "support/http_client.h"
#include "support/test_brokers.h"
#include "support/wait.h"

namespace kse::test {

// Ticks for `symbols` symbols ("PREFIX_0"…), straight into stock-ingress keyed by symbol.
class IngressFeed {
public:
    IngressFeed(const QString& prefix, int symbols) : m_logger(kse::LogLevel::Warning) {
        kse::Producer::Options options;
        options.brokers = testBrokers().toStdString();
        m_producer = std::make_unique<kse::Producer>(options, m_logger);
        for (int i = 0; i < symbols; ++i)
            m_symbols.push_back((prefix + QStringLiteral("_%1").arg(i)).toStdString());
    }
    const std::vector<std::string>& symbols() const { return m_symbols; }
    int sent() const { return m_sent; }

protected:
    void produce(const std::string& symbol, const std::string& value) {
        while (m_producer->produce("stock-ingress", symbol, value) != kse::ProduceStatus::Queued)
            m_producer->flush(100);
    }
    bool flushed() { return m_producer->flush(60'000) == 0; }

    std::vector<std::string> m_symbols;
    int m_sent = 0;

private:
    kse::Logger m_logger;
    std::unique_ptr<kse::Producer> m_producer;
};

// Ticks dated as the caller says, and what one uninterrupted aggregator makes of them: the same
// core, fed in each symbol's order.
class DatedFeed : public IngressFeed {
public:
    using IngressFeed::IngressFeed;
    void send(int count, const std::function<std::int64_t(int)>& timeOf) {
        for (int i = 0; i < count; ++i, ++m_sent) {
            const std::string& symbol = m_symbols[static_cast<std::size_t>(m_sent) % m_symbols.size()];
            const std::int64_t ts = timeOf(m_sent);
            const std::int64_t qty = 1 + m_sent % 37;
            const std::int64_t cents = 10'000 + (m_sent * 31) % 500;
            const std::string value = R"({"id":)" + std::to_string(m_sent + 1) + R"(,"name":")" + symbol +
                                      R"(","price":)" + std::to_string(cents / 100) + "." +
                                      std::to_string(cents % 100 / 10) + std::to_string(cents % 10) + R"(,"volume":)" +
                                      std::to_string(qty) + R"(,"ts":)" + std::to_string(ts) + "}";
            produce(symbol, value);
            m_expected.apply(symbol, kse::Price::fromTicks(cents * 100), qty, ts);
        }
        ASSERT_TRUE(flushed());
    }
    // A price the aggregator takes from elsewhere (a trade on `trades`), in its place among the
    // symbol's prices.
    void also(const kse::PriceEvent& event) { m_expected.apply(event.symbol, event.price, event.qty, event.ts); }
    // Every symbol's 1m candles as of now (final once their window closed), by symbol and start.
    std::map<std::pair<std::string, std::int64_t>, kse::Candle> expected() {
        m_expected.advanceTime(QDateTime::currentMSecsSinceEpoch());
        std::vector<kse::CandleAggregator::CandleChange> candles;
        std::vector<kse::CandleAggregator::StatsChange> stats;
        m_expected.drain(candles, stats);
        for (const auto& change : candles)
            if (change.interval == kse::Interval::Minute1)
                m_candles[{std::string(change.symbol), change.candle.start}] = change.candle;
        return m_candles;
    }

private:
    kse::CandleAggregator m_expected;
    std::map<std::pair<std::string, std::int64_t>, kse::Candle> m_candles;
};

// Whether a candle the platform answers is the expected one: the same prices (read exactly, as
// the desktop reads them), volume and count, and final once the expected one is.
inline bool sameCandle(const QJsonObject& json, const kse::Candle& candle) {
    kse::AnswerObject stored(json);
    const bool same = stored.money("open") == candle.open.ticks() && stored.money("high") == candle.high.ticks() &&
                      stored.money("low") == candle.low.ticks() && stored.money("close") == candle.close.ticks() &&
                      stored.whole("volume") == candle.volume && stored.whole("count") == candle.count;
    return stored.ok() && same && (!candle.final || json.value(QLatin1String("final")).toBool());
}

// How many of the expected 1m candles the platform stores exactly as expected (a final one
// final; one still forming, in any state but the same prices).
inline int matchingCandles(HttpClient& platform,
                           const std::map<std::pair<std::string, std::int64_t>, kse::Candle>& expected,
                           const std::vector<std::string>& symbols, std::string* firstMismatch) {
    int matching = 0;
    for (const std::string& symbol : symbols) {
        const auto reply = platform.get(
            QStringLiteral("/api/v1/stocks/%1/candles?interval=1m&limit=5000").arg(QString::fromStdString(symbol)));
        std::map<std::int64_t, QJsonObject> stored;
        for (const auto& value : QJsonDocument::fromJson(reply.body).array())
            stored[value.toObject().value(QLatin1String("start")).toInteger()] = value.toObject();
        for (const auto& [key, candle] : expected) {
            if (key.first != symbol)
                continue;
            const auto it = stored.find(key.second);
            const bool same = it != stored.end() && sameCandle(it->second, candle);
            matching += same ? 1 : 0;
            if (!same && firstMismatch && firstMismatch->empty())
                *firstMismatch =
                    symbol + " " + std::to_string(key.second) + ": expected count " + std::to_string(candle.count) +
                    ", stored " +
                    (it == stored.end() ? std::string("nothing")
                                        : QJsonDocument(it->second).toJson(QJsonDocument::Compact).toStdString());
        }
    }
    return matching;
}

// Waits until the platform stores every candle the feed expects, as expected; false (and a
// failure naming the first difference) after timeoutMs.
inline bool platformHolds(HttpClient& platform, DatedFeed& feed, int timeoutMs) {
    std::string mismatch;
    const auto expected = feed.expected();
    const bool ok = waitUntil(
        [&] {
            mismatch.clear();
            return matchingCandles(platform, expected, feed.symbols(), &mismatch) == static_cast<int>(expected.size());
        },
        timeoutMs);
    EXPECT_TRUE(ok) << "first difference: " << mismatch;
    return ok;
}

} // namespace kse::test
