#include <gtest/gtest.h>
#include <tuple>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "contract/topics.h"
#include "service/consumer_loop.h"
#include "unit/eventually.h"
#include "unit/scripted_source.h"

using kse::ConsumerLoop;
using kse::SourceMessage;
using kse::TopicPartitionOffset;
using kse::test::eventually;
using kse::test::ScriptedSource;
using kse::test::ScriptedSourceFactory;

namespace {

constexpr const char* kTopic = "events";

// What a policy's database holds: the effects and the next offsets, written together. It
// outlives a loop, so that a restart reads what the last one stored.
struct Database {
    std::map<std::pair<std::string, std::int32_t>, std::int64_t> offsets;
    std::vector<std::string> effects; // every value applied, in the order stored
};

// A policy whose effect is the message's value. A value starting with "poison" cannot be
// applied. It can be told to fail or abort one of its stores, and it notes what the loop asked.
class RecordingPolicy final : public kse::ConsumerPolicy {
public:
    explicit RecordingPolicy(Database& db) : m_db(db) {}

    void resume(kse::MessageSource&, std::vector<TopicPartitionOffset>& partitions) override {
        const std::lock_guard lock(mutex);
        ++resumes;
        resumeFrom(m_db.offsets, partitions);
    }
    std::optional<std::string> apply(const SourceMessage& message) override {
        const std::lock_guard lock(mutex);
        if (message.value.starts_with("poison"))
            return "unreadable: " + message.value;
        m_pending.push_back(message.value);
        return std::nullopt;
    }
    bool store(kse::MessageSource&, const std::vector<TopicPartitionOffset>& next) override {
        const std::lock_guard lock(mutex);
        ++stores;
        if (stores == failStore)
            throw std::runtime_error("disk full");
        if (stores == abortStore) { // a transaction that did not commit: its effects are gone
            m_pending.clear();
            return false;
        }
        m_db.effects.insert(m_db.effects.end(), m_pending.begin(), m_pending.end());
        for (const auto& o : next)
            m_db.offsets[{o.topic, o.partition}] = o.offset;
        m_pending.clear();
        return true;
    }
    void discard() override {
        const std::lock_guard lock(mutex);
        ++discards;
        m_pending.clear();
    }
    void revoked(const std::vector<TopicPartitionOffset>& partitions) override {
        const std::lock_guard lock(mutex);
        revokedWithPending += m_pending.empty() ? 0 : 1;
        revokedPartitions += static_cast<int>(partitions.size());
    }

    std::mutex mutex;
    int failStore = 0;  // the store (1 = the first) that throws
    int abortStore = 0; // the store that aborts
    int resumes = 0;
    int stores = 0;
    int discards = 0;
    int revokedWithPending = 0;
    int revokedPartitions = 0;

private:
    Database& m_db;
    std::vector<std::string> m_pending;
};

class DeadLetterSink final : public kse::MessageSink {
public:
    kse::ProduceStatus canAccept(std::size_t) const override { return kse::ProduceStatus::Queued; }
    kse::ProduceStatus produce(std::string_view topic, std::string_view key, std::string_view value) override {
        const std::lock_guard lock(m_mutex);
        letters.push_back({std::string(topic), std::string(key), std::string(value)});
        return kse::ProduceStatus::Queued;
    }
    struct Letter {
        std::string topic, key, value;
    };
    std::vector<Letter> letters;

private:
    std::mutex m_mutex;
};

std::vector<std::string> values(const std::string& prefix, int count) {
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i)
        out.push_back(prefix + std::to_string(i));
    return out;
}

// One run of a loop over a scripted source.
class LoopRun {
public:
    LoopRun(Database& db, std::unique_ptr<ScriptedSource> source, std::function<std::int64_t()> clock = {})
        : policy(db), m_source(*source), m_factory(std::move(source)) {
        auto options = ConsumerLoop::Options::reporting("test", "test consumer stopped", deadLettered);
        options.source.groupId = "test-group";
        options.topics = {kTopic};
        options.maxBatch = 1'000;
        options.idleWaitMs = 1;
        options.commitEveryMs = 0;
        options.clock = clock ? std::move(clock) : [] { return std::int64_t{1'000'000}; };
        loop = std::make_unique<ConsumerLoop>(options, m_factory, policy, deadLetters, m_logger);
    }
    ScriptedSource& source() { return m_source; }

    RecordingPolicy policy;
    DeadLetterSink deadLetters;
    kse::MetricsRegistry::Counter deadLettered{0};
    std::unique_ptr<ConsumerLoop> loop;

private:
    kse::Logger m_logger{kse::LogLevel::Error};
    ScriptedSource& m_source;
    ScriptedSourceFactory m_factory;
};

std::unique_ptr<ScriptedSource> sourceWith(int p0, int p1 = 0) {
    auto source = std::make_unique<ScriptedSource>();
    source->write(kTopic, 0, values("a", p0));
    if (p1 > 0)
        source->write(kTopic, 1, values("b", p1));
    return source;
}

} // namespace

TEST(ConsumerLoop, ARebalanceInTheMiddleOfABatchStoresItFirstAndAppliesNothingTwice) {
    Database db;
    LoopRun run(db, sourceWith(6, 4));
    auto& source = run.source();
    source.rebalanceTo({{kTopic, 0}, {kTopic, 1}});
    source.deliver(5); // a0..a5 come first, so the batch is open with a0..a4 when the group rebalances
    source.revokeAll();
    source.rebalanceTo({{kTopic, 0}, {kTopic, 1}}); // the group never got a commit: only the stored offsets say where
    source.deliver(10);
    source.idle();
    run.loop->start();
    ASSERT_TRUE(source.waitUntilPlayed());
    const auto starts = source.starts();
    run.loop->stop();

    EXPECT_EQ(run.policy.revokedWithPending, 0);
    ASSERT_EQ(starts.size(), 4u);
    EXPECT_EQ(starts[2].offset, 5); // after the five stored before the revocation
    EXPECT_EQ(starts[3].offset, kse::offsets::kBeginning);
    std::vector<std::string> expected = values("a", 6);
    const auto b = values("b", 4);
    expected.insert(expected.end(), b.begin(), b.end());
    EXPECT_EQ(db.effects, expected);
    EXPECT_EQ((db.offsets[{kTopic, 0}]), 6);
    EXPECT_EQ((db.offsets[{kTopic, 1}]), 4);
}

// The lag served on /metrics: what the assigned partitions hold beyond what was taken; a
// partition nothing was taken from yet counts whole.
TEST(ConsumerLoop, LagIsWhatTheAssignedPartitionsHoldBeyondWhatWasTaken) {
    Database db;
    std::atomic<std::int64_t> now{1'000'000};
    LoopRun run(db, sourceWith(10, 4), [&] { return now += 1'000; });
    auto& source = run.source();
    source.rebalanceTo({{kTopic, 0}, {kTopic, 1}});
    source.deliver(6); // a0..a5
    source.idle();
    source.idle();
    run.loop->start();
    ASSERT_TRUE(source.waitUntilPlayed());
    EXPECT_EQ(run.loop->lag(), (10 - 6) + 4);
    run.loop->stop();
}

TEST(ConsumerLoop, NoLagOnceEverythingAssignedIsTaken) {
    Database db;
    std::atomic<std::int64_t> now{1'000'000};
    LoopRun run(db, sourceWith(10, 4), [&] { return now += 1'000; });
    auto& source = run.source();
    source.rebalanceTo({{kTopic, 0}, {kTopic, 1}});
    source.deliver(14);
    source.idle();
    source.idle();
    run.loop->start();
    ASSERT_TRUE(source.waitUntilPlayed());
    EXPECT_EQ(run.loop->lag(), 0);
    run.loop->stop();
}

TEST(ConsumerLoop, TheGroupIsToldOnlyOfProgressAndARevocationConfirmsWhatWasSentWithoutWaiting) {
    Database db;
    db.offsets[{kTopic, 1}] = 2; // stored before: partition 1 resumes behind the group's offset
    auto scripted = sourceWith(4, 2);
    scripted->setCommitted(kTopic, 1, 2);
    LoopRun run(db, std::move(scripted));
    auto& source = run.source();
    source.rebalanceTo({{kTopic, 0}, {kTopic, 1}});
    source.deliver(4); // a0..a3; partition 1 has nothing new
    source.idle();     // the batch is stored, and committed without waiting
    source.revokeAll();
    source.idle();
    run.loop->start();
    ASSERT_TRUE(source.waitUntilPlayed());
    std::vector<std::tuple<std::int32_t, std::int64_t, bool>> commits;
    for (const auto& c : source.commits()) // the source goes with the loop's stop
        commits.emplace_back(c.offset.partition, c.offset.offset, c.synchronous);
    run.loop->stop();

    // Partition 0 once without waiting after its batch, then again, waiting, as it goes; partition
    // 1 made no progress here and is never committed (its resume point says nothing new).
    const std::vector<std::tuple<std::int32_t, std::int64_t, bool>> expected{{0, 4, false}, {0, 4, true}};
    EXPECT_EQ(commits, expected);
}

TEST(ConsumerLoop, AnAssignmentResumesFromTheStoredOffsetsAndADeliveryAgainIsNotApplied) {
    Database db;
    db.offsets[{kTopic, 0}] = 5;
    db.effects = {"a0", "a1", "a2", "a3", "a4"};
    auto scripted = sourceWith(10);
    scripted->setCommitted(kTopic, 0, 2); // the group lags behind what was stored
    LoopRun run(db, std::move(scripted));
    auto& source = run.source();
    source.rebalanceTo({{kTopic, 0}});
    source.deliver(3);
    source.deliverAgain(kTopic, 0, 6); // within the open batch
    source.deliver(2);
    source.idle();
    source.deliverAgain(kTopic, 0, 7); // after it was stored
    source.idle();
    run.loop->start();
    ASSERT_TRUE(source.waitUntilPlayed());
    run.loop->stop();

    EXPECT_EQ(db.effects, values("a", 10));
    EXPECT_EQ((db.offsets[{kTopic, 0}]), 10);
}

TEST(ConsumerLoop, AFailedStoreStopsTheLoopWithNothingHalfStoredAndARestartResumes) {
    Database db;
    {
        LoopRun run(db, sourceWith(8));
        run.policy.failStore = 2;
        auto& source = run.source();
        source.rebalanceTo({{kTopic, 0}});
        source.deliver(3);
        source.idle(); // stores a0..a2
        source.deliver(3);
        source.idle(); // this store fails
        source.deliver(2);
        source.idle();
        run.loop->start();
        ASSERT_TRUE(eventually([&] { return run.loop->failure().has_value(); }));
        run.loop->stop();
        EXPECT_EQ(*run.loop->failure(), "test consumer stopped: disk full");
        EXPECT_EQ(run.policy.stores, 2);            // the failed batch is not stored again on the way out
        EXPECT_EQ(run.policy.discards, 1);          // but dropped
        EXPECT_EQ(run.policy.revokedPartitions, 0); // and nothing more is stored as the group is left
    }
    EXPECT_EQ(db.effects, values("a", 3));
    EXPECT_EQ((db.offsets[{kTopic, 0}]), 3);

    LoopRun restarted(db, sourceWith(8));
    auto& source = restarted.source();
    source.rebalanceTo({{kTopic, 0}});
    source.deliver(8);
    source.idle();
    restarted.loop->start();
    ASSERT_TRUE(source.waitUntilPlayed());
    const auto starts = source.starts();
    restarted.loop->stop();
    EXPECT_FALSE(restarted.loop->failure());
    ASSERT_EQ(starts.size(), 1u);
    EXPECT_EQ(starts[0].offset, 3);
    EXPECT_EQ(db.effects, values("a", 8));
    EXPECT_EQ((db.offsets[{kTopic, 0}]), 8);
}

TEST(ConsumerLoop, AnAbortedStoreIsReadAgainFromTheStoredOffsetsAndRedone) {
    Database db;
    LoopRun run(db, sourceWith(6));
    run.policy.abortStore = 2;
    auto& source = run.source();
    source.rebalanceTo({{kTopic, 0}});
    source.deliver(2);
    source.idle(); // stores a0, a1
    source.deliver(3);
    source.idle(); // a2..a4 aborted: read again from offset 2
    source.deliver(4);
    source.idle();
    run.loop->start();
    ASSERT_TRUE(source.waitUntilPlayed());
    const auto seeks = source.seeks();
    run.loop->stop();

    EXPECT_FALSE(run.loop->failure());
    ASSERT_EQ(seeks.size(), 1u);
    EXPECT_EQ(seeks[0].offset, 2);
    EXPECT_EQ(run.policy.resumes, 2); // the assignment, then the rewind
    EXPECT_EQ(db.effects, values("a", 6));
    EXPECT_EQ((db.offsets[{kTopic, 0}]), 6);
}

TEST(ConsumerLoop, APoisonMessageIsDeadLetteredWithItsReasonAndTheBatchGoesOn) {
    Database db;
    auto scripted = std::make_unique<ScriptedSource>();
    scripted->write(kTopic, 0, {"a0", "poison one", "a2", "a3"});
    LoopRun run(db, std::move(scripted));
    auto& source = run.source();
    source.rebalanceTo({{kTopic, 0}});
    source.deliver(4);
    source.idle();
    run.loop->start();
    ASSERT_TRUE(source.waitUntilPlayed());
    run.loop->stop();

    EXPECT_FALSE(run.loop->failure());
    EXPECT_EQ(db.effects, (std::vector<std::string>{"a0", "a2", "a3"}));
    EXPECT_EQ((db.offsets[{kTopic, 0}]), 4); // past the poison message: it is not read again
    ASSERT_EQ(run.deadLetters.letters.size(), 1u);
    const auto& letter = run.deadLetters.letters[0];
    EXPECT_EQ(letter.topic, kse::topics::kDeadLetters);
    EXPECT_EQ(letter.key, kTopic);
    EXPECT_EQ(letter.value, R"({"topic":"events","partition":0,"offset":1,"error":"unreadable: poison one",)"
                            R"("payload":"poison one"})");
    EXPECT_EQ(run.deadLettered.load(), 1u);
}
