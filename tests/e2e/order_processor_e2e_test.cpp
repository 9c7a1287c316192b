// The order processor as a real process against the real broker, killed with SIGKILL again and
// again while 50,000 random orders stream in. What a read_committed consumer sees must be
// exactly what one uninterrupted run of the same engine answers: every order and cancel
// answered once, every trade once, and the same books at the end.
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <atomic>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <thread>

#include "contract/exchange_messages.h"
#include "kafka/consumer.h"
#include "order_processor/order_event_codec.h"
#include "order_processor/partition_books.h"
#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/order_feed.h"
#include "support/test_brokers.h"
#include "support/topic_reader.h"
#include "support/wait.h"

using namespace kse::test;
using kse::OrderCommand;
using kse::Side;

namespace {

constexpr int kMessages = 50'000;
constexpr int kGarbage = 100;
constexpr int kSymbols = 8;

// A random but realistic stream: limit orders around a mid price, some marketable IOC/FOK and
// market orders, cancels of earlier orders (now and then by someone else), and a few messages
// that cannot be read at all.
std::vector<OrderCommand> randomOrders(const std::string& tag, std::uint64_t seed) {
    std::mt19937_64 random(seed);
    std::vector<OrderCommand> out;
    std::vector<std::vector<std::pair<std::string, std::string>>> placed(kSymbols); // id, owner
    const std::int64_t baseTs = 1'790'000'000'000;
    for (int i = 0; i < kMessages; ++i) {
        const auto s = static_cast<std::size_t>(random() % kSymbols);
        const std::string symbol = tag + "_" + std::to_string(s);
        const std::string user = tag + "u" + std::to_string(random() % 16);
        OrderCommand c;
        if (!placed[s].empty() && random() % 100 < 22) {
            const auto& [id, owner] = placed[s][random() % placed[s].size()];
            c = cancelOrder(id, random() % 10 == 0 ? user : owner, symbol);
        } else {
            const bool buy = random() % 2 == 0;
            // Around 100.00 in cent steps; buyers lean low and sellers high, so a book builds up.
            const std::int64_t offset = static_cast<std::int64_t>(random() % 30) - (buy ? 20 : 9);
            c = limitOrder(tag + "o" + std::to_string(i), user, symbol, buy ? Side::Buy : Side::Sell,
                           1 + static_cast<std::int64_t>(random() % 20) * 5, 1'000'000 + offset * 100);
            const auto kind = random() % 100;
            if (kind < 5) {
                c.type = kse::OrderType::Market;
                c.price = 0;
            } else if (kind < 12) {
                c.tif = kse::TimeInForce::Ioc;
            } else if (kind < 16) {
                c.tif = kse::TimeInForce::Fok;
            }
            placed[s].emplace_back(c.orderId, c.userId);
        }
        c.ts = baseTs + i;
        out.push_back(std::move(c));
    }
    return out;
}

// What one uninterrupted run answers: every event and trade as it appears on Kafka, and the books.
struct Expected {
    std::vector<std::string> events;
    std::vector<std::string> trades;
    std::map<std::string, std::string> books; // symbol → encoded L2 book (100 levels)
};

Expected crashFreeRun(const std::vector<OrderCommand>& orders) {
    // Each symbol is its own book, and each lives in one partition in send order: one instance
    // over the whole stream answers exactly as the partitions' instances do.
    kse::PartitionBooks books;
    Expected expected;
    kse::BookOutput out;
    for (const auto& c : orders) {
        out.clear();
        books.apply(c, out);
        for (const auto& u : out.updates)
            expected.events.push_back(kse::encodeOrderUpdate(u, c.ts));
        for (const auto& t : out.trades)
            expected.trades.push_back(kse::encodeTrade(t, c.ts));
    }
    for (const auto& symbol : books.symbols())
        expected.books[symbol] = kse::encodeBook(symbol, books.book(symbol)->snapshot(100));
    return expected;
}

// The values on `topic` that mention `tag` (our symbols, users and order ids all carry it).
std::vector<std::string> valuesWith(const std::string& topic, const std::string& tag) {
    std::vector<std::string> out;
    for (auto& record : readTopic(testBrokers().toStdString(), topic, 120'000))
        if (record.value.find(tag) != std::string::npos)
            out.push_back(std::move(record.value));
    return out;
}

// Compares two multisets of messages and describes the first differences.
std::string difference(std::vector<std::string> actual, std::vector<std::string> expected) {
    std::sort(actual.begin(), actual.end());
    std::sort(expected.begin(), expected.end());
    std::vector<std::string> missing, extra;
    std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(), std::back_inserter(missing));
    std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(), std::back_inserter(extra));
    if (missing.empty() && extra.empty())
        return {};
    std::string text = std::to_string(missing.size()) + " missing, " + std::to_string(extra.size()) + " extra";
    for (std::size_t i = 0; i < std::min<std::size_t>(3, missing.size()); ++i)
        text += "\n  missing: " + missing[i];
    for (std::size_t i = 0; i < std::min<std::size_t>(3, extra.size()); ++i)
        text += "\n  extra:   " + extra[i];
    return text;
}

// How far group order-processor has committed in `orders`, against the end of the topic.
class GroupProgress {
public:
    GroupProgress() : m_logger(kse::LogLevel::Error) {
        kse::Consumer::Options options;
        options.brokers = testBrokers().toStdString();
        options.groupId = "order-processor"; // asked, never joined
        m_consumer = std::make_unique<kse::Consumer>(options, m_logger);
    }
    // Sum of committed offsets and sum of end offsets over the partitions.
    std::pair<std::int64_t, std::int64_t> now() {
        const int partitions = m_consumer->partitionCount("orders");
        std::vector<RdKafka::TopicPartition*> list;
        for (int p = 0; p < partitions; ++p)
            list.push_back(RdKafka::TopicPartition::create("orders", p));
        std::int64_t committed = 0, end = 0;
        if (m_consumer->handle().committed(list, 10'000) != RdKafka::ERR_NO_ERROR)
            committed = -1;
        for (const auto* p : list) {
            committed += std::max<std::int64_t>(p->offset(), 0);
            end += m_consumer->watermarks("orders", p->partition()).second;
        }
        RdKafka::TopicPartition::destroy(list);
        return {committed, end};
    }
    bool allCommitted() {
        const auto [committed, end] = now();
        return committed >= end;
    }

private:
    kse::Logger m_logger;
    std::unique_ptr<kse::Consumer> m_consumer;
};

QStringList processorArguments(const QString& dataDir) {
    return serviceOnTestBrokers(QStringLiteral("order-processor"), dataDir);
}

TEST(OrderProcessorE2E, KilledRepeatedlyWhileOrdersStreamInItAnswersEveryOrderExactlyOnce) {
    const std::string tag = uniqueTag(QStringLiteral("OPE")).toStdString();
    const auto orders = randomOrders(tag, 20261125);
    const Expected expected = crashFreeRun(orders);
    ASSERT_GT(expected.trades.size(), 5'000u);

    QTemporaryDir dataDir;
    auto processor = std::make_unique<BackendProcess>(processorArguments(dataDir.path()));
    processor->start();

    // About 3,000 messages a second for some 16 seconds, while the processor is killed.
    std::atomic<bool> fed{false};
    std::thread feeder([&] {
        OrderFeed feed(testBrokers().toStdString());
        for (int i = 0; i < kMessages; ++i) {
            if (i % (kMessages / kGarbage) == 0)
                feed.raw(tag, "unreadable " + tag + " #" + std::to_string(i));
            feed.send(orders[static_cast<std::size_t>(i)]);
            if (i % 150 == 149)
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        EXPECT_TRUE(feed.flush());
        fed = true;
    });

    // Each incarnation first commits some work, then dies at a random moment: mid-batch,
    // mid-commit, before or after its first snapshot.
    GroupProgress progress;
    int kills = 0, replays = 0;
    std::mt19937 random(7);
    while (kills < 6) {
        const auto before = progress.now().first;
        waitUntil([&] { return progress.now().first > before || (fed && progress.allCommitted()); }, 60'000);
        waitUntil([] { return false; }, 200 + static_cast<int>(random() % 2'000));
        processor->kill();
        ++kills;
        processor = std::make_unique<BackendProcess>(processorArguments(dataDir.path()));
        processor->start();
        waitUntil([&] { return processor->output().contains(QStringLiteral("replaying orders")); }, 3'000);
        replays += processor->output().contains(QStringLiteral("replaying orders")) ? 1 : 0;
    }
    feeder.join();
    ASSERT_TRUE(waitUntil([&] { return fed && progress.allCommitted(); }, 180'000))
        << processor->output().toStdString();

    // Everything is answered; the last incarnation may still be rebuilding its books by replay.
    HttpClient http(processor->baseUrl());
    for (const auto& [symbol, book] : expected.books) {
        const QString path = QStringLiteral("/api/v1/book/%1?depth=100").arg(QString::fromStdString(symbol));
        // A structured binding named in a lambda: captured explicitly, which Clang 14 needs.
        waitUntil([&, &book = book] { return http.get(path).body.toStdString() == book; }, 120'000);
        EXPECT_EQ(http.get(path).body.toStdString(), book) << processor->output().toStdString();
    }
    ASSERT_EQ(processor->terminate(), 0) << processor->output().toStdString();

    const auto trades = valuesWith("trades", tag);
    std::set<std::string> tradeIds;
    for (const auto& trade : trades)
        tradeIds.insert(QJsonDocument::fromJson(QByteArray::fromStdString(trade))
                            .object()
                            .value(QLatin1String("trade_id"))
                            .toString()
                            .toStdString());
    EXPECT_EQ(tradeIds.size(), trades.size()) << "a trade_id appears twice";
    EXPECT_EQ(difference(trades, expected.trades), "");
    EXPECT_EQ(difference(valuesWith("order-events", tag), expected.events), "");
    EXPECT_EQ(valuesWith("dead-letters", tag).size(), static_cast<std::size_t>(kGarbage));
    EXPECT_GT(replays, 0) << "no restart replayed answered orders: the test did not test recovery";
    std::cout << "[ info ] " << kills << " kills, " << replays << " restarts replayed answered orders; "
              << expected.events.size() << " order events and " << expected.trades.size()
              << " trades, each exactly once\n";
}

} // namespace
