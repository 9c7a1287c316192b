#include "outbox/outbox.h"

#include <set>
#include <stdexcept>

#include "kafka/topic_tail.h"

namespace kse {
namespace {

constexpr std::string_view kComponent = "outbox";

bool tableExists(SqliteDatabase& db, std::string_view name) {
    auto query = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    query->bind(1, name);
    const bool found = query->next();
    query->reset();
    return found;
}

} // namespace

Outbox::Outbox(SqliteDatabase& writer, const std::string& path, MessageSink& sink, MessageSourceFactory& sources,
               Logger& logger, Options options)
    : m_writer(writer)
    , m_own(path)
    , m_sink(sink)
    , m_sources(sources)
    , m_logger(logger)
    , m_options(options)
    , m_reports(std::make_shared<Reports>()) {
    m_createdNow = !tableExists(m_writer, "outbox");
    // AUTOINCREMENT: an id is never used twice, even after the highest one was deleted.
    m_writer.exec(R"(
        CREATE TABLE IF NOT EXISTS outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS outbox_marks (
            topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL,
            PRIMARY KEY (topic, partition)) WITHOUT ROWID;
    )");
    m_insert = m_writer.prepare("INSERT INTO outbox (topic, key, value) VALUES (?, ?, ?) RETURNING id");
    m_delete = m_writer.prepare("DELETE FROM outbox WHERE id = ?");
    m_reports->retryAfter = m_options.retryAfter;
    m_thread = std::thread([this] { loop(); });
}

Outbox::~Outbox() {
    {
        const std::lock_guard lock(m_wakeMutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

std::int64_t Outbox::add(const Message& message) {
    m_insert->bind(1, message.topic).bindBlob(2, message.key).bindBlob(3, message.value);
    if (!m_insert->next())
        throw std::runtime_error("outbox: insert returned no id");
    const std::int64_t id = m_insert->integer(0);
    m_insert->reset();
    return id;
}

void Outbox::discard(std::int64_t id) { m_delete->bind(1, id).execute(); }

ProduceStatus Outbox::produce(std::int64_t id, const Message& message) {
    return m_sink.produceReported(message.topic, message.key, message.value,
                                  [reports = m_reports, id, topic = message.topic](const DeliveryReport& report) {
                                      const std::lock_guard lock(reports->mutex);
                                      if (report.outcome == DeliveryReport::Outcome::Persisted) {
                                          reports->delivered.push_back({id, topic, report.partition, report.offset});
                                          return;
                                      }
                                      reports->waiting[id] = topic;
                                      reports->retryAt = std::chrono::steady_clock::now() + reports->retryAfter;
                                  });
}

ProduceStatus Outbox::send(std::int64_t id, const Message& message) { return produce(id, message); }

void Outbox::retryLater(std::int64_t id, const std::string& topic) {
    const std::lock_guard lock(m_reports->mutex);
    m_reports->waiting[id] = topic;
    m_reports->retryAt = std::chrono::steady_clock::now() + m_options.retryAfter;
}

bool Outbox::recover() {
    {
        const std::lock_guard own(m_ownMutex);
        auto rows = m_own.prepare("SELECT id, topic FROM outbox");
        const std::lock_guard lock(m_reports->mutex);
        while (rows->next())
            m_reports->waiting[rows->integer(0)] = std::string(rows->text(1));
    }
    return resendWaiting();
}

bool Outbox::resendWaiting() {
    const std::lock_guard resending(m_resending);
    std::map<std::string, std::vector<std::int64_t>> byTopic;
    {
        const std::lock_guard lock(m_reports->mutex);
        for (const auto& [id, topic] : m_reports->waiting)
            byTopic[topic].push_back(id);
    }
    bool done = true;
    for (const auto& [topic, ids] : byTopic) {
        std::map<std::int32_t, std::int64_t> marks;
        std::vector<std::pair<std::int64_t, Message>> rows;
        {
            const std::lock_guard own(m_ownMutex);
            auto markQuery = m_own.prepare("SELECT partition, next_offset FROM outbox_marks WHERE topic = ?");
            markQuery->bind(1, topic);
            while (markQuery->next())
                marks[static_cast<std::int32_t>(markQuery->integer(0))] = markQuery->integer(1);
            auto rowQuery = m_own.prepare("SELECT key, value FROM outbox WHERE id = ?");
            for (const std::int64_t id : ids) {
                rowQuery->bind(1, id);
                if (rowQuery->next())
                    rows.emplace_back(id,
                                      Message{topic, std::string(rowQuery->blob(0)), std::string(rowQuery->blob(1))});
                rowQuery->reset();
            }
        }
        auto tail = TopicTail::read(m_sources, topic, marks, m_options.tailLimit);
        if (!tail) {
            done = false;
            m_logger.warning(kComponent, "cannot read the end of a topic; trying again", {{"topic", topic}});
            continue;
        }
        std::vector<std::int64_t> found;
        {
            const std::lock_guard lock(m_reports->mutex);
            for (const std::int64_t id : ids)
                m_reports->waiting.erase(id); // a failed report of the send below puts it back
        }
        for (const auto& [id, message] : rows) {
            const auto there = tail->find(TopicTail::identity(message.key, message.value));
            if (there != tail->end() && there->second > 0) {
                --there->second;
                found.push_back(id);
                continue;
            }
            if (produce(id, message) == ProduceStatus::Queued) {
                m_resent.fetch_add(1, std::memory_order_relaxed);
            } else {
                retryLater(id, topic);
                done = false;
            }
        }
        if (!found.empty()) {
            const std::lock_guard own(m_ownMutex);
            SqliteTransaction transaction(m_own);
            auto remove = m_own.prepare("DELETE FROM outbox WHERE id = ?");
            for (const std::int64_t id : found)
                remove->bind(1, id).execute();
            transaction.commit();
            m_found.fetch_add(found.size(), std::memory_order_relaxed);
        }
        if (!found.empty() || !rows.empty())
            m_logger.info(kComponent, "kept messages looked for at the end of their topic",
                          {{"topic", topic},
                           {"found", std::to_string(found.size())},
                           {"sent_again", std::to_string(rows.size() - found.size())}});
    }
    if (!done) {
        const std::lock_guard lock(m_reports->mutex);
        m_reports->retryAt = std::chrono::steady_clock::now() + m_options.retryAfter;
    }
    return done;
}

void Outbox::flush() {
    std::vector<Delivered> batch;
    std::set<std::string> doubtful;
    {
        const std::lock_guard lock(m_reports->mutex);
        batch.swap(m_reports->delivered);
        for (const auto& [id, topic] : m_reports->waiting)
            doubtful.insert(topic);
    }
    if (batch.empty())
        return;
    std::map<std::pair<std::string, std::int32_t>, std::int64_t> marks;
    for (const Delivered& d : batch)
        if (d.partition >= 0 && !doubtful.contains(d.topic)) {
            auto& mark = marks[{d.topic, d.partition}];
            mark = std::max(mark, d.offset + 1);
        }
    try {
        const std::lock_guard own(m_ownMutex);
        SqliteTransaction transaction(m_own);
        auto remove = m_own.prepare("DELETE FROM outbox WHERE id = ?");
        for (const Delivered& d : batch)
            remove->bind(1, d.id).execute();
        auto mark = m_own.prepare(
            "INSERT INTO outbox_marks (topic, partition, next_offset) VALUES (?, ?, ?) ON CONFLICT (topic, partition) "
            "DO UPDATE SET next_offset = max(next_offset, excluded.next_offset)");
        for (const auto& [where, next] : marks)
            mark->bind(1, where.first).bind(2, where.second).bind(3, next).execute();
        transaction.commit();
    } catch (const std::runtime_error& error) {
        // Kept rather than lost: they are deleted with the next batch.
        m_logger.error(kComponent, "cannot delete delivered messages", {{"error", error.what()}});
        const std::lock_guard lock(m_reports->mutex);
        m_reports->delivered.insert(m_reports->delivered.end(), batch.begin(), batch.end());
    }
}

void Outbox::loop() {
    for (;;) {
        {
            std::unique_lock lock(m_wakeMutex);
            m_wake.wait_for(lock, m_options.flushEvery, [this] { return m_stopping; });
            if (m_stopping)
                break;
        }
        flush();
        bool due = false;
        {
            const std::lock_guard lock(m_reports->mutex);
            due = !m_reports->waiting.empty() && std::chrono::steady_clock::now() >= m_reports->retryAt;
        }
        if (due) {
            try {
                resendWaiting();
            } catch (const std::runtime_error& error) {
                m_logger.error(kComponent, "cannot send kept messages again", {{"error", error.what()}});
            }
        }
    }
    flush();
}

Outbox::Counts Outbox::counts() const {
    Counts counts;
    counts.found = m_found.load(std::memory_order_relaxed);
    counts.resent = m_resent.load(std::memory_order_relaxed);
    const std::lock_guard lock(m_reports->mutex);
    counts.waiting = m_reports->waiting.size();
    return counts;
}

std::uint64_t Outbox::kept() const {
    const std::lock_guard own(m_ownMutex);
    auto query = m_own.prepare("SELECT count(*) FROM outbox");
    const std::uint64_t kept = query->next() ? static_cast<std::uint64_t>(query->integer(0)) : 0;
    query->reset();
    return kept;
}

} // namespace kse
