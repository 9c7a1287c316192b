#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite_database.h"

namespace kse {

// Group commit: concurrent callers' work shares one SQLite transaction, and each caller returns
// only once that transaction has committed, so whatever it answers next is already durable.
//
// The first caller to find no commit under way leads: it takes every piece of work queued so
// far, runs each in a savepoint of one transaction (holding `guard`, the connection's mutex),
// commits, and wakes the others. Work queued meanwhile forms the next group. A piece of work
// that throws is rolled back alone and its caller gets the exception; a failed commit fails every
// caller of the group. The work runs on the leader's thread, so it must not touch anything that
// belongs to its caller's thread.
class GroupCommit {
public:
    GroupCommit(SqliteDatabase& db, std::mutex& guard);

    void run(const std::function<void()>& work);

    // Transactions committed and pieces of work in them, since the start (for /metrics).
    std::uint64_t groups() const;
    std::uint64_t pieces() const;

private:
    struct Piece {
        const std::function<void()>* work;
        std::exception_ptr error;
        bool done = false;
    };
    void commit(const std::vector<Piece*>& group);

    SqliteDatabase& m_db;
    std::mutex& m_guard;
    std::unique_ptr<SqliteStatement> m_savepoint, m_release, m_rollbackTo;
    mutable std::mutex m_mutex; // the queue and the leader's flag
    std::condition_variable m_done;
    std::vector<Piece*> m_queue;
    bool m_leading = false;
    std::uint64_t m_groups = 0;
    std::uint64_t m_pieces = 0;
};

} // namespace kse
