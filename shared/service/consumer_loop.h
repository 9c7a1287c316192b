#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "contract/dead_letter_writer.h"
#include "http/metrics_registry.h"
#include "kafka/message_source_factory.h"
#include "log/logger.h"
#include "service/consumer_policy.h"
#include "service/worker_thread.h"

namespace kse {

// A service's consumer on a thread of its own, around a ConsumerPolicy: it joins the group (or
// assigns itself every partition), starts each assigned partition where the policy's stored
// effects end, batches messages and has the policy store them, stores what is pending before
// partitions are revoked, puts poison messages on dead-letters, commits the group's offsets for
// lag monitors, and reports why it stopped if it failed (failure(), for the health check).
//
// A message of a partition that is not assigned, or one delivered again below where its
// partition already is, is never applied twice.
class ConsumerLoop {
public:
    struct Options {
        MessageSource::Options source;
        std::vector<std::string> topics;
        // False: no group rebalances; every partition of `topics` is assigned at start.
        bool group = true;
        std::size_t maxBatch = 10'000;
        // The age at which a batch is stored while messages still stream in; < 0: none.
        std::int64_t maxBatchMs = -1;
        int idleWaitMs = 50; // poll wait with no batch open
        // Poll wait with a batch open: how long the consumer may look dry before the batch is stored.
        int busyWaitMs = 0;
        int clockEvery = 256; // while messages stream in, look at the clock every this many, not each time
        // Offsets committed to the group for lag monitors (and other members): 0 after every
        // store, > 0 at most this often, < 0 never (the policy commits, or there is no group).
        std::int64_t commitEveryMs = 0;
        std::function<std::int64_t()> clock; // ms since the epoch
        // A group member that dies is replaced within 20 s, not librdkafka's 45 s default; but
        // not sooner: librdkafka ends a member's session itself when its coordinator is silent
        // that long, and a broker's failure takes 9-13 s to be noticed and led around (the
        // controller's broker.session.timeout.ms is 9 s), so a shorter session turns every
        // coordinator's death into a rejoin and a rebuild (docs/kafka.md, "Broker failures").
        int sessionTimeoutMs = 20'000;
        int heartbeatIntervalMs = 1'000;
        std::string component; // for the log
        std::string what;      // how a failure begins, e.g. "settlement stopped"
        MetricsRegistry::Counter* deadLettered = nullptr;

        // The options of a consumer that logs as `component`, fails with `what` and counts its
        // dead letters in `deadLettered`; the rest keeps its defaults.
        static Options reporting(std::string_view component, std::string what, MetricsRegistry::Counter& deadLettered);
    };

    // Thrown by a policy to stop without storing the open batch and without a failure (e.g. a
    // stop asked for while the brokers are away); it is read again from the stored offsets.
    struct Abandon {
        std::string reason;
    };

    ConsumerLoop(Options options, MessageSourceFactory& sources, ConsumerPolicy& policy, MessageSink& deadLetters,
                 Logger& logger);
    ~ConsumerLoop();
    ConsumerLoop(const ConsumerLoop&) = delete;
    ConsumerLoop& operator=(const ConsumerLoop&) = delete;

    // Makes the source, lets the policy look at it (opened), assigns the partitions when there is
    // no group, and starts the thread.
    void start();
    // Stores what is pending and leaves the group (or drops the batch after a failure); waits for
    // the thread. Idempotent.
    void stop();
    bool stopping() const { return m_thread.stopping(); }
    std::optional<std::string> failure() const { return m_thread.failure(); }

    // Messages of the assigned partitions not taken yet, as of the last fetches (measured about
    // once a second; transaction markers may count). Safe from any thread.
    std::int64_t lag() const { return m_lag->load(std::memory_order_relaxed); }
    // Serves lag() on GET /metrics as kse_consumer_lag{group="GROUP"}.
    void exportLag(MetricsRegistry& metrics, const std::string& group);

    // Puts a message on dead-letters with the reason, and counts it.
    void deadLetter(std::string_view topic, std::int32_t partition, std::int64_t offset, std::string_view reason,
                    std::string_view payload);

private:
    using Key = std::pair<std::string, std::int32_t>;
    struct Position {
        std::int64_t next = -1;   // the next offset to take; < 0: not known yet
        bool started = false;     // a message was taken since the partition (re)started
        bool moved = false;       // by the open batch
        std::int64_t stored = -1; // the next offset the policy stored
        // The stored one last committed to the group. From the assignment on it is the start:
        // a partition this member made no progress in is never committed, so the group's offset
        // never moves back (a replay from before it must not look like the group's position).
        std::int64_t committed = -1;
        bool unconfirmed = false; // committed without waiting: a synchronous commit confirms it
    };

    void run();
    void loop();
    void take(const SourceMessage& message);
    Position* position(const std::string& topic, std::int32_t partition);
    bool pending() const { return m_batchSize > 0 || m_tickPending; }
    void measureLag();
    void flush();
    void rewind();
    void commitStored(bool synchronous, const std::vector<TopicPartitionOffset>* only = nullptr);
    void assigned(std::vector<TopicPartitionOffset>& partitions);
    void revoked(const std::vector<TopicPartitionOffset>& partitions);
    void hook(const std::function<void()>& step);
    void rethrowHookFailure();
    void abandon();

    Options m_options;
    MessageSourceFactory& m_sources;
    ConsumerPolicy& m_policy;
    DeadLetterWriter m_deadLetters;
    Logger& m_logger;
    std::unique_ptr<MessageSource> m_source;

    std::map<Key, Position> m_positions; // the assigned partitions
    // Messages come in runs from one partition: its position, kept at hand.
    Key m_hotKey;
    Position* m_hot = nullptr;
    std::set<Key> m_leaving; // partitions being revoked: not sought after an aborted store
    SourceMessage m_message;
    std::size_t m_batchSize = 0;
    bool m_tickPending = false;
    std::int64_t m_batchStart = 0;
    std::int64_t m_lastCommit = 0;
    int m_sinceClock = 0;
    std::int64_t m_lastLag = 0;
    // Read by GET /metrics on another thread, and held by its gauge: it may outlive the loop.
    std::shared_ptr<std::atomic<std::int64_t>> m_lag = std::make_shared<std::atomic<std::int64_t>>(0);
    bool m_discarding = false; // failed or abandoned: the revocation on close stores nothing
    std::exception_ptr m_hookFailure;
    WorkerThread m_thread; // last: its thread is joined before anything it uses goes
};

} // namespace kse
