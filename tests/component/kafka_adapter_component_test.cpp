// The Kafka adapters against an embedded cluster in this process: producer, group consumer with
// manual commits and rebalance hooks, seek, and the dead-letter writer.
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <functional>
#include <gtest/gtest.h>
#include <set>

#include "contract/dead_letter_writer.h"
#include "contract/topics.h"
#include "kafka/consumer.h"
#include "kafka/embedded_cluster.h"
#include "kafka/key_partition.h"
#include "kafka/producer.h"

namespace {

class KafkaAdapters : public testing::Test {
protected:
    void SetUp() override {
        m_cluster.createTopic("adapter-test", 3);
        m_cluster.createTopic(kse::topics::kDeadLetters, 1);
    }
    kse::Consumer::Options consumerOptions(const std::string& group) {
        kse::Consumer::Options options;
        options.brokers = m_cluster.bootstrapServers();
        options.groupId = group;
        options.extra = {{"session.timeout.ms", "6000"}, {"heartbeat.interval.ms", "500"}};
        return options;
    }
    std::unique_ptr<kse::Producer> producer() {
        kse::Producer::Options options;
        options.brokers = m_cluster.bootstrapServers();
        return std::make_unique<kse::Producer>(options, m_logger);
    }
    // Polls until `count` messages arrived or 30 s passed (a group join can take a few seconds).
    std::vector<std::string> consume(kse::Consumer& consumer, std::size_t count,
                                     std::vector<kse::TopicPartitionOffset>* next = nullptr) {
        std::vector<std::string> values;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (values.size() < count && std::chrono::steady_clock::now() < deadline) {
            auto message = consumer.poll(100);
            if (!message)
                continue;
            values.emplace_back(static_cast<const char*>(message->payload()), message->len());
            if (next)
                next->push_back({message->topic_name(), message->partition(), message->offset() + 1});
        }
        return values;
    }

    kse::Logger m_logger{kse::LogLevel::Warning};
    kse::EmbeddedCluster m_cluster;
};

} // namespace

TEST_F(KafkaAdapters, ProducerDeliversAndCountsEveryMessage) {
    auto p = producer();
    for (int i = 0; i < 1000; ++i)
        ASSERT_EQ(p->produce("adapter-test", "k" + std::to_string(i % 7), std::to_string(i)),
                  kse::ProduceStatus::Queued);
    EXPECT_EQ(p->flush(10'000), 0);
    EXPECT_EQ(p->delivered(), 1000U);
    EXPECT_EQ(p->failed(), 0U);
    EXPECT_TRUE(p->brokersReachable());
}

TEST_F(KafkaAdapters, GroupConsumerResumesFromItsCommittedOffsets) {
    auto p = producer();
    for (int i = 0; i < 100; ++i)
        p->produce("adapter-test", "k" + std::to_string(i), std::to_string(i));
    ASSERT_EQ(p->flush(10'000), 0);

    std::vector<kse::TopicPartitionOffset> assigned;
    {
        kse::Consumer first(consumerOptions("adapter-group"), m_logger);
        first.onAssigned([&](std::vector<kse::TopicPartitionOffset>& partitions) { assigned = partitions; });
        first.subscribe({"adapter-test"});
        std::vector<kse::TopicPartitionOffset> next;
        const auto values = consume(first, 100, &next);
        ASSERT_EQ(values.size(), 100U);
        EXPECT_EQ(std::set<std::string>(values.begin(), values.end()).size(), 100U);
        first.commit(next); // later offsets of a partition win
        first.close();
    }
    EXPECT_EQ(assigned.size(), 3U) << "the rebalance hook sees the assignment";

    for (int i = 100; i < 110; ++i)
        p->produce("adapter-test", "k" + std::to_string(i), std::to_string(i));
    ASSERT_EQ(p->flush(10'000), 0);
    kse::Consumer second(consumerOptions("adapter-group"), m_logger);
    second.subscribe({"adapter-test"});
    const auto values = consume(second, 10);
    std::set<std::string> got(values.begin(), values.end());
    std::set<std::string> expected;
    for (int i = 100; i < 110; ++i)
        expected.insert(std::to_string(i));
    EXPECT_EQ(got, expected) << "only what came after the commit";
}

TEST_F(KafkaAdapters, AssignedStartOffsetsAndSeekReplay) {
    auto p = producer();
    for (int i = 0; i < 20; ++i)
        p->produce("adapter-test", "same-key", std::to_string(i)); // one key: one partition, in order
    ASSERT_EQ(p->flush(10'000), 0);
    kse::Consumer consumer(consumerOptions("adapter-seek"), m_logger);
    int partition = -1;
    for (int i = 0; i < 3; ++i)
        if (consumer.watermarks("adapter-test", i).second == 20)
            partition = i;
    ASSERT_GE(partition, 0);
    // The hook chooses where each assigned partition starts, as a service with stored offsets does.
    consumer.onAssigned([&](std::vector<kse::TopicPartitionOffset>& partitions) {
        for (auto& start : partitions)
            if (start.partition == partition)
                start.offset = 15;
    });
    consumer.subscribe({"adapter-test"});
    EXPECT_EQ(consume(consumer, 5), (std::vector<std::string>{"15", "16", "17", "18", "19"}));
    consumer.seek({"adapter-test", partition, 18});
    EXPECT_EQ(consume(consumer, 2), (std::vector<std::string>{"18", "19"}));
}

TEST_F(KafkaAdapters, KeyPartitionIsWhereTheProducerPutsAKey) {
    auto p = producer();
    std::vector<std::string> keys;
    for (int i = 0; i < 60; ++i)
        keys.push_back("SYM" + std::to_string(i * 7919));
    for (const auto& key : keys)
        ASSERT_EQ(p->produce("adapter-test", key, key), kse::ProduceStatus::Queued);
    ASSERT_EQ(p->flush(10'000), 0);
    kse::Consumer consumer(consumerOptions("adapter-partitions"), m_logger);
    consumer.subscribe({"adapter-test"});
    std::set<std::int32_t> used;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    std::size_t seen = 0;
    while (seen < keys.size() && std::chrono::steady_clock::now() < deadline) {
        auto message = consumer.poll(100);
        if (!message)
            continue;
        ++seen;
        const std::string key(static_cast<const char*>(message->payload()), message->len());
        EXPECT_EQ(kse::keyPartition(key, 3), message->partition()) << key;
        used.insert(message->partition());
    }
    EXPECT_EQ(seen, keys.size());
    EXPECT_EQ(used.size(), 3u); // the keys spread over every partition
}

TEST_F(KafkaAdapters, ACooperativeRebalanceMovesOnlyThePartitionsThatChangeOwner) {
    auto options = consumerOptions("adapter-cooperative");
    options.extra["partition.assignment.strategy"] = "cooperative-sticky";
    struct Member {
        std::set<std::int32_t> owns;
        int revoked = 0;
    };
    const auto follow = [](kse::Consumer& consumer, Member& member) {
        consumer.onAssigned([&member](std::vector<kse::TopicPartitionOffset>& partitions) {
            for (const auto& p : partitions)
                EXPECT_TRUE(member.owns.insert(p.partition).second) << "assigned twice: " << p.partition;
        });
        consumer.onRevoked([&member](const std::vector<kse::TopicPartitionOffset>& partitions) {
            for (const auto& p : partitions)
                EXPECT_EQ(member.owns.erase(p.partition), 1u) << "revoked what it did not own: " << p.partition;
            member.revoked += static_cast<int>(partitions.size());
        });
        consumer.subscribe({"adapter-test"});
    };
    const auto pollUntil = [](const std::vector<kse::Consumer*>& consumers, const std::function<bool()>& done) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (!done() && std::chrono::steady_clock::now() < deadline)
            for (auto* consumer : consumers)
                consumer->poll(50);
        return done();
    };

    Member a;
    kse::Consumer first(options, m_logger);
    follow(first, a);
    ASSERT_TRUE(pollUntil({&first}, [&] { return a.owns.size() == 3; }));
    Member b;
    kse::Consumer second(options, m_logger);
    follow(second, b);
    ASSERT_TRUE(pollUntil({&first, &second}, [&] { return !b.owns.empty() && a.owns.size() + b.owns.size() == 3; }));

    // Only what went to the newcomer left the first member; the rest stayed assigned throughout
    // (the eager protocol revokes all three and assigns again).
    EXPECT_EQ(a.revoked, static_cast<int>(b.owns.size()));
    EXPECT_LT(a.revoked, 3);
    first.close();
    second.close();
}

TEST_F(KafkaAdapters, DeadLetterWriterKeepsTheReasonAndThePayload) {
    auto p = producer();
    kse::DeadLetterWriter deadLetters(*p);
    ASSERT_EQ(deadLetters.write("stock-ingress", 2, 41, "price is not a number", "{\"price\":\"x\"}\n"),
              kse::ProduceStatus::Queued);
    ASSERT_EQ(p->flush(10'000), 0);
    kse::Consumer reader(consumerOptions("adapter-dlq"), m_logger);
    reader.assign({{kse::topics::kDeadLetters, 0, -1}});
    const auto values = consume(reader, 1);
    ASSERT_EQ(values.size(), 1U);
    const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(values[0])).object();
    EXPECT_EQ(json.value(QLatin1String("topic")).toString(), QStringLiteral("stock-ingress"));
    EXPECT_EQ(json.value(QLatin1String("partition")).toInt(), 2);
    EXPECT_EQ(json.value(QLatin1String("offset")).toInt(), 41);
    EXPECT_EQ(json.value(QLatin1String("error")).toString(), QStringLiteral("price is not a number"));
    EXPECT_EQ(json.value(QLatin1String("payload")).toString(), QStringLiteral("{\"price\":\"x\"}\n"));
}

TEST_F(KafkaAdapters, UnreachableBrokersAreReportedNotHidden) {
    kse::Producer::Options options;
    options.brokers = "127.0.0.1:1"; // nothing listens there
    kse::Producer p(options, m_logger);
    EXPECT_FALSE(p.brokersReachable());
    EXPECT_EQ(p.produce("adapter-test", "k", "v"), kse::ProduceStatus::Unavailable);
    EXPECT_EQ(p.canAccept(1), kse::ProduceStatus::Unavailable);
    EXPECT_EQ(p.rejected(), 1U);
}
