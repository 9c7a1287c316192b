#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "store/sqlite_database.h"

namespace kse {

// Checkpoints a database's WAL on a thread and connection of its own, so the writer's commits
// never wait for one. SQLite otherwise checkpoints inside the commit that crosses
// wal_autocheckpoint, syncing the database file while the writer (and whoever waits for its
// lock) stands still. A checkpoint first copies passively, never blocking the writer; when the
// WAL has reached `framesPerCheckpoint` frames, a restarting pass then copies what was appended
// meanwhile (the writer waits for that little) so the WAL starts again from its beginning. One
// runs when `db` has appended `framesPerCheckpoint` frames (told by SQLite's WAL hook) and at
// least once a second while anything was written.
class WalCheckpointer {
public:
    // Takes over `db`'s checkpoints (its automatic ones are turned off); `path` is its file.
    WalCheckpointer(SqliteDatabase& db, const std::string& path, int framesPerCheckpoint = 4'000);
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    std::uint64_t checkpoints() const;

private:
    static int walHook(void* self, sqlite3* db, const char* name, int frames);
    void loop();

    SqliteDatabase& m_db;
    SqliteDatabase m_own;
    int m_framesPerCheckpoint;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_due = false;
    bool m_written = false;
    bool m_stopping = false;
    std::uint64_t m_checkpoints = 0;
    std::thread m_thread;
};

} // namespace kse
