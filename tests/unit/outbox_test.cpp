#include <gtest/gtest.h>

#include <QTemporaryDir>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kafka/topic_tail.h"
#include "outbox/outbox.h"
#include "store/sqlite_database.h"

namespace kse {
namespace {

using namespace std::chrono_literals;

// One topic of one partition, shared by the fake producer that appends to it and the fake
// consumers that read its end.
struct Log {
    std::mutex mutex;
    std::vector<std::pair<std::string, std::string>> messages; // key, value by offset
};

// Appends what it is given and reports it delivered at its offset, unless it is told to hold the
// reports back (a process killed before they came) or to refuse.
class LogSink final : public MessageSink {
public:
    explicit LogSink(Log& log) : m_log(log) {}
    ProduceStatus canAccept(std::size_t) const override { return ProduceStatus::Queued; }
    ProduceStatus produce(std::string_view, std::string_view key, std::string_view value) override {
        return produceReported("t", key, value, [](const DeliveryReport&) {});
    }
    ProduceStatus produceReported(std::string_view, std::string_view key, std::string_view value,
                                  const DeliveryReport::Callback& report) override {
        if (refuse)
            return ProduceStatus::Unavailable;
        ++produced;
        std::int64_t offset = 0;
        {
            const std::lock_guard lock(m_log.mutex);
            if (lose)
                return ProduceStatus::Queued; // queued, and gone with the process
            offset = static_cast<std::int64_t>(m_log.messages.size());
            m_log.messages.emplace_back(key, value);
        }
        if (!holdReports)
            report(DeliveryReport{DeliveryReport::Outcome::Persisted, 0, offset});
        return ProduceStatus::Queued;
    }
    std::atomic<bool> refuse{false};
    std::atomic<bool> holdReports{false};
    std::atomic<bool> lose{false};
    std::atomic<int> produced{0};

private:
    Log& m_log;
};

class LogSource final : public MessageSource {
public:
    explicit LogSource(Log& log) : m_log(log) {}
    void onAssigned(AssignedHook) override {}
    void onRevoked(RevokedHook) override {}
    void subscribe(const std::vector<std::string>&) override {}
    void assign(const std::vector<TopicPartitionOffset>& partitions) override { m_next = partitions.at(0).offset; }
    bool poll(SourceMessage& out, int) override {
        const std::lock_guard lock(m_log.mutex);
        if (m_next >= static_cast<std::int64_t>(m_log.messages.size()))
            return false;
        out.topic = "t";
        out.partition = 0;
        out.offset = m_next;
        out.key = m_log.messages[static_cast<std::size_t>(m_next)].first;
        out.value = m_log.messages[static_cast<std::size_t>(m_next)].second;
        ++m_next;
        return true;
    }
    void seek(const TopicPartitionOffset&) override {}
    void commit(const std::vector<TopicPartitionOffset>&) override {}
    void commitAsync(const std::vector<TopicPartitionOffset>&) override {}
    std::vector<TopicPartitionOffset> committed(const std::vector<TopicPartitionOffset>& p) override { return p; }
    std::pair<std::int64_t, std::int64_t> watermarks(const std::string&, std::int32_t) override {
        const std::lock_guard lock(m_log.mutex);
        return {0, static_cast<std::int64_t>(m_log.messages.size())};
    }
    int partitionCount(const std::string&) override { return 1; }
    std::vector<TopicPartitionOffset> offsetsForTimes(const std::vector<TopicPartitionOffset>& t) override { return t; }
    std::shared_ptr<const GroupMetadata> groupMetadata() override { return nullptr; }
    void close() override {}

private:
    Log& m_log;
    std::int64_t m_next = 0;
};

class LogSources final : public MessageSourceFactory {
public:
    explicit LogSources(Log& log) : m_log(log) {}
    std::unique_ptr<MessageSource> create(const MessageSource::Options&) override {
        ++reads;
        return std::make_unique<LogSource>(m_log);
    }
    std::atomic<int> reads{0};

private:
    Log& m_log;
};

bool waitFor(const std::function<bool()>& condition) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

Outbox::Message message(int n) { return {"t", "k", "order-" + std::to_string(n)}; }

std::map<std::string, int> valuesOf(Log& log) {
    const std::lock_guard lock(log.mutex);
    std::map<std::string, int> counts;
    for (const auto& [key, value] : log.messages)
        ++counts[value];
    return counts;
}

struct Fixture {
    QTemporaryDir dir;
    std::string path = dir.filePath(QStringLiteral("o.db")).toStdString();
    Log log;
    LogSink sink{log};
    LogSources sources{log};
    Logger logger{LogLevel::Error};
    Outbox::Options options{5ms, 20ms, 5'000ms};

    // Adds and sends `messages` as a service would: in a transaction, then after its commit.
    void place(SqliteDatabase& db, Outbox& outbox, int from, int to) {
        for (int n = from; n < to; ++n) {
            std::int64_t id = 0;
            {
                SqliteTransaction transaction(db);
                id = outbox.add(message(n));
                transaction.commit();
            }
            if (outbox.send(id, message(n)) != ProduceStatus::Queued)
                outbox.retryLater(id, "t");
        }
    }
};

TEST(OutboxTest, DeliveredMessagesAreDeletedAndNothingIsSentTwice) {
    Fixture f;
    SqliteDatabase db(f.path);
    Outbox outbox(db, f.path, f.sink, f.sources, f.logger, f.options);
    EXPECT_TRUE(outbox.createdNow());
    EXPECT_TRUE(outbox.recover());
    f.place(db, outbox, 0, 50);
    ASSERT_TRUE(waitFor([&] { return outbox.kept() == 0; }));
    EXPECT_EQ(f.sink.produced, 50);
    for (const auto& [value, count] : valuesOf(f.log))
        EXPECT_EQ(count, 1) << value;
}

// A run killed with its last messages' reports outstanding, some of them on the topic and some
// lost in the producer: the next run sends the lost ones again, and only those.
TEST(OutboxTest, ARestartSendsAgainWhatIsNotOnTheTopicAndOnlyThat) {
    Fixture f;
    {
        SqliteDatabase db(f.path);
        Outbox outbox(db, f.path, f.sink, f.sources, f.logger, f.options);
        f.place(db, outbox, 0, 20);
        ASSERT_TRUE(waitFor([&] { return outbox.kept() == 0; }));
        f.sink.holdReports = true; // reached the topic, reports never came
        f.place(db, outbox, 20, 30);
        f.sink.lose = true; // never reached it
        f.place(db, outbox, 30, 35);
        EXPECT_EQ(outbox.kept(), 15U);
    }
    f.sink.holdReports = false;
    f.sink.lose = false;
    SqliteDatabase db(f.path);
    Outbox outbox(db, f.path, f.sink, f.sources, f.logger, f.options);
    EXPECT_FALSE(outbox.createdNow());
    ASSERT_TRUE(outbox.recover());
    ASSERT_TRUE(waitFor([&] { return outbox.kept() == 0; }));
    EXPECT_EQ(outbox.counts().found, 10U);
    EXPECT_EQ(outbox.counts().resent, 5U);
    const auto values = valuesOf(f.log);
    EXPECT_EQ(values.size(), 35U);
    for (const auto& [value, count] : values)
        EXPECT_EQ(count, 1) << value;
}

// Kafka refuses while the broker is away: what a 202 promised is sent once it is back.
TEST(OutboxTest, ARefusedMessageIsSentOnceKafkaIsBack) {
    Fixture f;
    SqliteDatabase db(f.path);
    Outbox outbox(db, f.path, f.sink, f.sources, f.logger, f.options);
    f.sink.refuse = true;
    f.place(db, outbox, 0, 3);
    EXPECT_EQ(outbox.kept(), 3U);
    EXPECT_EQ(outbox.counts().waiting, 3U);
    f.sink.refuse = false;
    ASSERT_TRUE(waitFor([&] { return outbox.kept() == 0; }));
    EXPECT_EQ(valuesOf(f.log).size(), 3U);
    EXPECT_EQ(outbox.counts().resent, 3U);
}

// The end of the topic is read from the mark after the last deleted message, not from its start.
TEST(OutboxTest, TheTailIsReadFromTheMarkAfterTheLastDeletedMessage) {
    Fixture f;
    {
        SqliteDatabase db(f.path);
        Outbox outbox(db, f.path, f.sink, f.sources, f.logger, f.options);
        f.place(db, outbox, 0, 10);
        ASSERT_TRUE(waitFor([&] { return outbox.kept() == 0; }));
    }
    SqliteDatabase db(f.path);
    auto marks = db.prepare("SELECT partition, next_offset FROM outbox_marks WHERE topic = 't'");
    ASSERT_TRUE(marks->next());
    EXPECT_EQ(marks->integer(0), 0);
    EXPECT_EQ(marks->integer(1), 10);
    marks->reset();
    const auto tail = TopicTail::read(f.sources, "t", {{0, 10}}, 1'000ms);
    ASSERT_TRUE(tail.has_value());
    EXPECT_TRUE(tail->empty());
    const auto all = TopicTail::read(f.sources, "t", {}, 1'000ms);
    ASSERT_TRUE(all.has_value());
    EXPECT_EQ(all->size(), 10U);
}

} // namespace
} // namespace kse
