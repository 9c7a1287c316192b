#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kafka/message_sink.h"
#include "kafka/message_source_factory.h"
#include "log/logger.h"
#include "store/sqlite_database.h"

namespace kse {

// The messages an acknowledgement promises, written to the service's SQLite database in the
// transaction that changes the state they belong to, and deleted there once Kafka has them. So a
// `kill -9` after the answer loses none of them; and none is sent twice either, because a message
// an earlier run left behind is sent again only if it is not at the end of its topic already.
//
// Where that end begins: for each partition, the outbox keeps the offset after the last message it
// has deleted there (its delivery reports come in offset order per partition), so every message
// still kept that reached the partition lies after that mark. A message is recognised there by
// its key and value, which carry an id of their own (an order's, say). While a message's delivery
// is in doubt (a delivery report said "possibly persisted") its topic's marks stay where they
// are, so the next look covers it.
class Outbox {
public:
    struct Message {
        std::string topic;
        std::string key;
        std::string value;
    };
    struct Options {
        std::chrono::milliseconds flushEvery{50};   // how often delivered messages are deleted
        std::chrono::milliseconds retryAfter{1000}; // after a refused send or a failed look
        std::chrono::milliseconds tailLimit{30'000};
    };

    // `writer` is the connection the callers' transactions run on (add and discard use it, inside
    // them); `path` is its file, which the outbox also opens for itself.
    Outbox(SqliteDatabase& writer, const std::string& path, MessageSink& sink, MessageSourceFactory& sources,
           Logger& logger, Options options);
    Outbox(SqliteDatabase& writer, const std::string& path, MessageSink& sink, MessageSourceFactory& sources,
           Logger& logger)
        : Outbox(writer, path, sink, sources, logger, Options{}) {}
    ~Outbox();
    Outbox(const Outbox&) = delete;
    Outbox& operator=(const Outbox&) = delete;

    // Whether the tables were made by this run (a database of a version without them).
    bool createdNow() const { return m_createdNow; }

    // In the caller's open transaction on `writer`.
    std::int64_t add(const Message& message);
    // In the caller's open transaction: a message that is no longer promised (its send was
    // refused and the state it belonged to undone).
    void discard(std::int64_t id);

    // After the transaction that added it has committed. When refused, the caller either
    // discards it or leaves it to retryLater().
    ProduceStatus send(std::int64_t id, const Message& message);
    void retryLater(std::int64_t id, const std::string& topic);

    // Delivers what an earlier run left (before anything is sent). True when done; false when
    // Kafka could not be read, and then the outbox's thread tries again.
    bool recover();

    // Messages not yet known delivered (a query of the database).
    std::uint64_t kept() const;
    struct Counts {
        std::uint64_t found = 0;   // left by a run, found on their topic: not sent again
        std::uint64_t resent = 0;  // left by a run or refused, sent again
        std::uint64_t waiting = 0; // to be looked for and sent again
    };
    Counts counts() const;

private:
    struct Delivered {
        std::int64_t id;
        std::string topic;
        std::int32_t partition;
        std::int64_t offset;
    };
    // What delivery reports touch; shared with them, since a report may come after the outbox
    // is gone (the producer outlives it). Then the message stays kept, and the next run finds it.
    struct Reports {
        std::mutex mutex;
        std::vector<Delivered> delivered;
        std::map<std::int64_t, std::string> waiting; // id → topic
        std::chrono::steady_clock::time_point retryAt{};
        std::chrono::milliseconds retryAfter{};
    };

    ProduceStatus produce(std::int64_t id, const Message& message);
    void loop();
    void flush();
    bool resendWaiting();

    SqliteDatabase& m_writer;
    mutable SqliteDatabase m_own;
    mutable std::mutex m_ownMutex; // m_own: the thread, recover() and counts()
    MessageSink& m_sink;
    MessageSourceFactory& m_sources;
    Logger& m_logger;
    Options m_options;
    bool m_createdNow = false;
    std::unique_ptr<SqliteStatement> m_insert, m_delete;
    std::shared_ptr<Reports> m_reports;
    std::mutex m_resending; // one look at a time: recover() and the thread
    std::atomic<std::uint64_t> m_found{0};
    std::atomic<std::uint64_t> m_resent{0};
    std::mutex m_wakeMutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace kse
