#include "store/wal_checkpointer.h"

#include <chrono>
#include <sqlite3.h>

namespace kse {
namespace {

constexpr int kShortRestart = 256; // frames a restarting pass may have to copy

} // namespace

WalCheckpointer::WalCheckpointer(SqliteDatabase& db, const std::string& path, int framesPerCheckpoint)
    : m_db(db), m_own(path), m_framesPerCheckpoint(framesPerCheckpoint) {
    sqlite3_wal_hook(m_db.handle(), &WalCheckpointer::walHook, this); // replaces the automatic checkpoints
    m_thread = std::thread([this] { loop(); });
}

WalCheckpointer::~WalCheckpointer() {
    sqlite3_wal_hook(m_db.handle(), nullptr, nullptr);
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

// Runs in the writer's commit, with its lock held: only notes that a checkpoint is due.
int WalCheckpointer::walHook(void* self, sqlite3*, const char*, int frames) {
    auto* checkpointer = static_cast<WalCheckpointer*>(self);
    {
        const std::lock_guard lock(checkpointer->m_mutex);
        checkpointer->m_written = true;
        if (frames < checkpointer->m_framesPerCheckpoint || checkpointer->m_due)
            return SQLITE_OK;
        checkpointer->m_due = true;
    }
    checkpointer->m_wake.notify_one();
    return SQLITE_OK;
}

void WalCheckpointer::loop() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait_for(lock, std::chrono::seconds(1), [this] { return m_due || m_stopping; });
        if (m_stopping)
            break;
        if (!m_due && !m_written)
            continue;
        m_due = m_written = false;
        lock.unlock();
        // The passive pass copies the bulk while the writer goes on. Under a steady stream of
        // commits it never catches up with the end, and SQLite starts the WAL from its beginning
        // only after a checkpoint that did: so when the WAL has grown, a restarting pass copies
        // the few frames appended meanwhile, holding the writer back only for that.
        int frames = 0;
        int copied = 0;
        sqlite3_wal_checkpoint_v2(m_own.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);
        if (frames >= m_framesPerCheckpoint) {
            // Passes until little is left, so the pass that holds the writer back is short.
            for (int pass = 0; pass < 4 && frames - copied > kShortRestart; ++pass)
                sqlite3_wal_checkpoint_v2(m_own.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);
            sqlite3_wal_checkpoint_v2(m_own.handle(), nullptr, SQLITE_CHECKPOINT_RESTART, &frames, &copied);
        }
        lock.lock();
        ++m_checkpoints;
    }
}

std::uint64_t WalCheckpointer::checkpoints() const {
    const std::lock_guard lock(m_mutex);
    return m_checkpoints;
}

} // namespace kse
