#include "service/consumer_loop.h"

#include <algorithm>

#include "kafka/kafka_error.h"

namespace kse {
namespace {

constexpr std::int64_t kLagEveryMs = 1'000;

} // namespace

ConsumerLoop::Options ConsumerLoop::Options::reporting(std::string_view component, std::string what,
                                                       MetricsRegistry::Counter& deadLettered) {
    Options options;
    options.component = std::string(component);
    options.what = std::move(what);
    options.deadLettered = &deadLettered;
    return options;
}

ConsumerLoop::ConsumerLoop(Options options, MessageSourceFactory& sources, ConsumerPolicy& policy,
                           MessageSink& deadLetters, Logger& logger)
    : m_options(std::move(options))
    , m_sources(sources)
    , m_policy(policy)
    , m_deadLetters(deadLetters)
    , m_logger(logger)
    , m_thread(logger, m_options.component, m_options.what) {}

ConsumerLoop::~ConsumerLoop() { stop(); }

void ConsumerLoop::start() {
    MessageSource::Options source = m_options.source;
    if (m_options.group) {
        source.extra.try_emplace("session.timeout.ms", std::to_string(m_options.sessionTimeoutMs));
        source.extra.try_emplace("heartbeat.interval.ms", std::to_string(m_options.heartbeatIntervalMs));
    }
    m_source = m_sources.create(source);
    // The hooks run inside the source's poll (librdkafka's callbacks): no exception may cross it.
    m_source->onAssigned(
        [this](std::vector<TopicPartitionOffset>& partitions) { hook([&] { assigned(partitions); }); });
    m_source->onRevoked(
        [this](const std::vector<TopicPartitionOffset>& partitions) { hook([&] { revoked(partitions); }); });
    m_policy.opened(*m_source);
    if (!m_options.group) {
        std::vector<TopicPartitionOffset> partitions;
        for (const std::string& topic : m_options.topics)
            for (int p = 0, n = m_source->partitionCount(topic); p < n; ++p)
                partitions.push_back({topic, p, offsets::kUnset});
        assigned(partitions);
        m_source->assign(partitions);
    }
    m_thread.start([this] { run(); });
}

void ConsumerLoop::stop() {
    m_thread.stop();
    m_source.reset();
}

void ConsumerLoop::deadLetter(std::string_view topic, std::int32_t partition, std::int64_t offset,
                              std::string_view reason, std::string_view payload) {
    m_deadLetters.write(topic, partition, offset, reason, payload);
    if (m_options.deadLettered)
        m_options.deadLettered->fetch_add(1, std::memory_order_relaxed);
}

void ConsumerLoop::exportLag(MetricsRegistry& metrics, const std::string& group) {
    metrics.gauge("kse_consumer_lag", "Messages of this member's partitions not read yet, by consumer group",
                  [lag = m_lag] { return static_cast<double>(lag->load(std::memory_order_relaxed)); },
                  {{"group", group}});
}

void ConsumerLoop::measureLag() {
    std::int64_t behind = 0;
    for (const auto& [key, position] : m_positions) {
        const auto known = m_source->knownWatermarks(key.first, key.second);
        if (!known)
            continue;
        // Nothing taken yet from a partition read from its beginning: all it holds is behind.
        const std::int64_t next = position.next >= 0 ? position.next : known->first;
        behind += std::max<std::int64_t>(0, known->second - next);
    }
    m_lag->store(behind, std::memory_order_relaxed);
}

void ConsumerLoop::run() {
    try {
        loop();
    } catch (const Abandon& abandoned) {
        m_logger.warning(m_options.component, abandoned.reason);
        abandon();
    } catch (...) {
        abandon();
        throw; // WorkerThread logs it and keeps it as failure()
    }
}

void ConsumerLoop::loop() {
    m_policy.starting();
    if (m_options.group)
        m_source->subscribe(m_options.topics);
    m_lastCommit = m_options.clock();
    while (!m_thread.stopping()) {
        const bool got = m_source->poll(m_message, pending() ? m_options.busyWaitMs : m_options.idleWaitMs);
        rethrowHookFailure();
        if (got) {
            take(m_message);
            if (++m_sinceClock < m_options.clockEvery && m_batchSize < m_options.maxBatch)
                continue;
        }
        m_sinceClock = 0;
        const std::int64_t now = m_options.clock();
        if (now - m_lastLag >= kLagEveryMs) {
            m_lastLag = now;
            measureLag();
        }
        if (m_policy.tick(now) && !pending()) {
            m_tickPending = true;
            m_batchStart = now;
        }
        // Store as soon as the consumer has caught up (low latency when the flow is light), and
        // in large batches while a backlog drains (throughput when it is heavy).
        if (pending() && (!got || m_batchSize >= m_options.maxBatch ||
                          (m_options.maxBatchMs >= 0 && now - m_batchStart >= m_options.maxBatchMs)))
            flush();
        if (m_options.commitEveryMs > 0 && now - m_lastCommit >= m_options.commitEveryMs)
            commitStored(false);
    }
    flush();
    std::vector<TopicPartitionOffset> all;
    for (const auto& [key, position] : m_positions)
        all.push_back({key.first, key.second, position.next});
    revoked(all);
    m_source->close(); // the group's own revocation finds nothing left to store
    rethrowHookFailure();
    m_policy.closed();
}

ConsumerLoop::Position* ConsumerLoop::position(const std::string& topic, std::int32_t partition) {
    if (m_hot && m_hotKey.second == partition && m_hotKey.first == topic)
        return m_hot;
    const auto it = m_positions.find({topic, partition});
    if (it == m_positions.end())
        return nullptr;
    m_hotKey = it->first;
    m_hot = &it->second; // std::map nodes stay put until erased
    return m_hot;
}

void ConsumerLoop::take(const SourceMessage& message) {
    Position* at = position(message.topic, message.partition);
    if (!at || (at->started && message.offset < at->next))
        return; // not (or no longer) this member's, or delivered again: already taken
    if (!pending() && m_options.maxBatchMs >= 0)
        m_batchStart = m_options.clock();
    ++m_batchSize;
    at->started = true;
    at->moved = true;
    at->next = message.offset + 1;
    if (auto reason = m_policy.apply(message))
        deadLetter(message.topic, message.partition, message.offset, *reason, message.value);
}

void ConsumerLoop::flush() {
    if (!pending())
        return;
    std::vector<TopicPartitionOffset> next;
    for (const auto& [key, position] : m_positions)
        if (position.moved)
            next.push_back({key.first, key.second, position.next});
    if (!m_policy.store(*m_source, next)) {
        rewind();
        return;
    }
    for (auto& [key, position] : m_positions)
        if (position.moved) {
            position.stored = position.next;
            position.moved = false;
        }
    m_batchSize = 0;
    m_tickPending = false;
    if (m_options.commitEveryMs == 0)
        commitStored(false);
}

void ConsumerLoop::rewind() {
    // Every partition starts again where the policy's stored effects end; those being revoked are
    // resumed too (the policy drops what the aborted batch did to them) but not sought.
    std::vector<TopicPartitionOffset> partitions;
    for (const auto& [key, position] : m_positions)
        partitions.push_back({key.first, key.second, offsets::kUnset});
    m_policy.resume(*m_source, partitions);
    for (auto& p : partitions) {
        if (p.offset == offsets::kUnset)
            p.offset = offsets::kBeginning;
        Position& position = m_positions[{p.topic, p.partition}];
        position = Position{p.offset >= 0 ? p.offset : -1, false, false, position.stored, position.committed,
                            position.unconfirmed};
        if (!m_leaving.contains({p.topic, p.partition}))
            m_source->seek(p);
    }
    m_batchSize = 0;
    m_tickPending = false;
}

void ConsumerLoop::commitStored(bool synchronous, const std::vector<TopicPartitionOffset>* only) {
    m_lastCommit = m_options.clock();
    if (m_options.commitEveryMs < 0 || !m_options.group)
        return;
    std::vector<TopicPartitionOffset> offsets;
    std::vector<Position*> committing;
    for (auto& [partitionKey, position] : m_positions) {
        const auto& key = partitionKey; // a lambda may not capture a structured binding (C++20 as Clang 14 has it)
        // A commit sent without waiting may have failed: the synchronous one (revocation, stop)
        // sends it again, since the next owner decides from it whether to replay.
        const bool confirm = synchronous && position.unconfirmed;
        if (position.stored < 0 || (position.stored == position.committed && !confirm))
            continue;
        if (only && std::none_of(only->begin(), only->end(), [&](const TopicPartitionOffset& p) {
                return p.topic == key.first && p.partition == key.second;
            }))
            continue;
        offsets.push_back({key.first, key.second, position.stored});
        committing.push_back(&position);
    }
    if (offsets.empty())
        return;
    try {
        if (synchronous)
            m_source->commit(offsets);
        else
            m_source->commitAsync(offsets);
        for (Position* position : committing) {
            position->committed = position->stored;
            position->unconfirmed = !synchronous;
        }
    } catch (const KafkaError& error) {
        // Only monitors and the next owner's choice to replay read these: the stored offsets
        // are where this member resumes.
        m_logger.warning(m_options.component, "offset commit failed", {{"error", error.what()}});
    }
}

void ConsumerLoop::assigned(std::vector<TopicPartitionOffset>& partitions) {
    for (auto& p : partitions)
        p.offset = offsets::kUnset;
    m_policy.resume(*m_source, partitions);
    m_hot = nullptr;
    for (auto& p : partitions) {
        if (p.offset == offsets::kUnset)
            p.offset = offsets::kBeginning;
        const std::int64_t start = p.offset >= 0 ? p.offset : -1;
        m_positions[{p.topic, p.partition}] = Position{start, false, false, start, start, false};
    }
}

void ConsumerLoop::revoked(const std::vector<TopicPartitionOffset>& partitions) {
    std::vector<TopicPartitionOffset> leaving;
    for (const auto& p : partitions)
        if (m_positions.contains({p.topic, p.partition}))
            leaving.push_back(p);
    if (leaving.empty())
        return;
    if (!m_discarding) {
        // Everything taken from these partitions is stored (and committed) before they go.
        for (const auto& p : leaving)
            m_leaving.insert({p.topic, p.partition});
        flush();
        commitStored(true, &leaving);
        m_leaving.clear();
        m_policy.revoked(leaving);
    }
    m_hot = nullptr;
    for (const auto& p : leaving)
        m_positions.erase({p.topic, p.partition});
}

void ConsumerLoop::hook(const std::function<void()>& step) {
    if (m_hookFailure)
        return; // the loop is ending already
    try {
        step();
    } catch (...) {
        m_hookFailure = std::current_exception();
    }
}

void ConsumerLoop::rethrowHookFailure() {
    if (m_hookFailure)
        std::rethrow_exception(std::exchange(m_hookFailure, nullptr));
}

void ConsumerLoop::abandon() {
    // What the failed (or abandoned) batch did is dropped and read again from the stored offsets
    // next time; leaving the group stores nothing more.
    m_discarding = true;
    m_batchSize = 0;
    m_tickPending = false;
    m_policy.discard();
    try {
        m_source->close();
    } catch (const std::exception& error) {
        m_logger.warning(m_options.component, "consumer not closed", {{"error", error.what()}});
    }
    m_hookFailure = nullptr;
}

} // namespace kse
