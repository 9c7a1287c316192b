#include "unit/scripted_source.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace kse::test {

void ScriptedSource::write(const std::string& topic, std::int32_t partition, std::vector<std::string> values) {
    const std::lock_guard lock(m_mutex);
    m_log[{topic, partition}] = std::move(values);
}

void ScriptedSource::setCommitted(const std::string& topic, std::int32_t partition, std::int64_t offset) {
    const std::lock_guard lock(m_mutex);
    m_committed[{topic, partition}] = offset;
}

void ScriptedSource::rebalanceTo(std::vector<Key> partitions) {
    const std::lock_guard lock(m_mutex);
    m_steps.push_back({Step::Kind::Assign, std::move(partitions)});
}

void ScriptedSource::revokeAll() {
    const std::lock_guard lock(m_mutex);
    m_steps.push_back({Step::Kind::Revoke, {}});
}

void ScriptedSource::deliver(int count) {
    const std::lock_guard lock(m_mutex);
    for (int i = 0; i < count; ++i)
        m_steps.push_back({Step::Kind::Deliver, {}});
}

void ScriptedSource::deliverAgain(const std::string& topic, std::int32_t partition, std::int64_t offset) {
    const std::lock_guard lock(m_mutex);
    m_steps.push_back({Step::Kind::DeliverAgain, {{topic, partition}}, offset});
}

void ScriptedSource::idle() {
    const std::lock_guard lock(m_mutex);
    m_steps.push_back({Step::Kind::Idle, {}});
}

bool ScriptedSource::waitUntilPlayed(int timeoutMs) {
    std::unique_lock lock(m_mutex);
    return m_played.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return m_done; });
}

std::vector<TopicPartitionOffset> ScriptedSource::starts() const {
    const std::lock_guard lock(m_mutex);
    return m_starts;
}

std::vector<TopicPartitionOffset> ScriptedSource::seeks() const {
    const std::lock_guard lock(m_mutex);
    return m_seeks;
}

std::vector<ScriptedSource::Commit> ScriptedSource::commits() const {
    const std::lock_guard lock(m_commitsMutex);
    return m_commits;
}

void ScriptedSource::record(const std::vector<TopicPartitionOffset>& offsets, bool synchronous) {
    const std::lock_guard lock(m_commitsMutex);
    for (const auto& offset : offsets)
        m_commits.push_back({offset, synchronous});
}

void ScriptedSource::assign(const std::vector<TopicPartitionOffset>& partitions) {
    const std::lock_guard lock(m_mutex);
    for (const auto& p : partitions)
        m_position[{p.topic, p.partition}] = p.offset < 0 ? 0 : p.offset;
}

bool ScriptedSource::poll(SourceMessage& out, int /*timeoutMs*/) {
    std::unique_lock lock(m_mutex);
    if (m_steps.empty()) {
        m_done = true;
        m_played.notify_all();
        lock.unlock();
        std::this_thread::sleep_for(std::chrono::milliseconds(1)); // an idle consumer's wait
        return false;
    }
    const Step step = m_steps.front();
    m_steps.pop_front();
    return play(step, out);
}

// Called with m_mutex held; the hooks run with it released, as they may call back in.
bool ScriptedSource::play(const Step& step, SourceMessage& out) {
    switch (step.kind) {
    case Step::Kind::Assign: {
        revokeEverything(); // an eager rebalance: everything goes, then the new assignment comes
        std::vector<TopicPartitionOffset> partitions;
        for (const auto& [topic, partition] : step.partitions)
            partitions.push_back({topic, partition, offsets::kUnset});
        m_mutex.unlock();
        if (m_assigned)
            m_assigned(partitions);
        m_mutex.lock();
        for (const auto& p : partitions) {
            m_starts.push_back(p);
            const Key key{p.topic, p.partition};
            const auto committed = m_committed.find(key);
            m_position[key] = p.offset >= 0                                                   ? p.offset
                              : p.offset == offsets::kUnset && committed != m_committed.end() ? committed->second
                                                                                              : 0;
        }
        return false;
    }
    case Step::Kind::Revoke: revokeEverything(); return false;
    case Step::Kind::Deliver: return deliverNext(out);
    case Step::Kind::DeliverAgain: fill(out, step.partitions.front(), step.offset); return true;
    case Step::Kind::Idle: return false;
    }
    return false;
}

void ScriptedSource::revokeEverything() {
    std::vector<TopicPartitionOffset> partitions;
    for (const auto& [key, next] : m_position)
        partitions.push_back({key.first, key.second, next});
    m_mutex.unlock();
    if (m_revoked && !partitions.empty())
        m_revoked(partitions);
    m_mutex.lock();
    m_position.clear();
}

bool ScriptedSource::deliverNext(SourceMessage& out) {
    for (auto& [key, next] : m_position) {
        const auto log = m_log.find(key);
        if (log == m_log.end() || next >= static_cast<std::int64_t>(log->second.size()))
            continue;
        fill(out, key, next++);
        return true;
    }
    return false;
}

void ScriptedSource::fill(SourceMessage& out, const Key& key, std::int64_t offset) const {
    out.topic = key.first;
    out.partition = key.second;
    out.offset = offset;
    out.timestamp = m_firstTimestamp + offset;
    out.hasKey = false;
    out.key.clear();
    out.value = m_log.at(key).at(static_cast<std::size_t>(offset));
}

void ScriptedSource::seek(const TopicPartitionOffset& position) {
    const std::lock_guard lock(m_mutex);
    const Key key{position.topic, position.partition};
    if (!m_position.contains(key))
        throw std::logic_error("seek on a partition that is not assigned");
    m_seeks.push_back(position);
    m_position[key] = position.offset < 0 ? 0 : position.offset;
}

std::vector<TopicPartitionOffset> ScriptedSource::committed(const std::vector<TopicPartitionOffset>& partitions) {
    const std::lock_guard lock(m_mutex);
    std::vector<TopicPartitionOffset> out;
    for (const auto& p : partitions) {
        const auto it = m_committed.find({p.topic, p.partition});
        out.push_back({p.topic, p.partition, it == m_committed.end() ? -1 : it->second});
    }
    return out;
}

std::pair<std::int64_t, std::int64_t> ScriptedSource::watermarks(const std::string& topic, std::int32_t partition) {
    const std::lock_guard lock(m_mutex);
    const auto it = m_log.find({topic, partition});
    return {0, it == m_log.end() ? 0 : static_cast<std::int64_t>(it->second.size())};
}

int ScriptedSource::partitionCount(const std::string& topic) {
    const std::lock_guard lock(m_mutex);
    int count = 0;
    for (const auto& [key, values] : m_log)
        if (key.first == topic)
            count = std::max(count, key.second + 1);
    return count;
}

std::vector<TopicPartitionOffset> ScriptedSource::offsetsForTimes(const std::vector<TopicPartitionOffset>& times) {
    auto out = times;
    for (auto& t : out)
        t.offset = -1; // like the embedded cluster: no answer
    return out;
}

void ScriptedSource::close() {
    const std::unique_lock lock(m_mutex);
    if (m_closed)
        return;
    m_closed = true;
    revokeEverything();
}

std::unique_ptr<MessageSource> ScriptedSourceFactory::create(const MessageSource::Options& given) {
    if (!m_source)
        throw std::logic_error("the scripted source was made already");
    options = given;
    return std::move(m_source);
}

} // namespace kse::test
