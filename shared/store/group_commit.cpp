#include "store/group_commit.h"

namespace kse {

GroupCommit::GroupCommit(SqliteDatabase& db, std::mutex& guard)
    : m_db(db)
    , m_guard(guard)
    , m_savepoint(db.prepare("SAVEPOINT piece"))
    , m_release(db.prepare("RELEASE piece"))
    , m_rollbackTo(db.prepare("ROLLBACK TO piece")) {}

void GroupCommit::run(const std::function<void()>& work) {
    Piece piece{&work, nullptr};
    std::unique_lock lock(m_mutex);
    m_queue.push_back(&piece);
    while (!piece.done) {
        if (m_leading) {
            m_done.wait(lock);
            continue;
        }
        m_leading = true;
        std::vector<Piece*> group;
        group.swap(m_queue);
        lock.unlock();
        commit(group);
        lock.lock();
        for (Piece* p : group)
            p->done = true;
        m_leading = false;
        ++m_groups;
        m_pieces += group.size();
        m_done.notify_all();
    }
    if (piece.error)
        std::rethrow_exception(piece.error);
}

void GroupCommit::commit(const std::vector<Piece*>& group) {
    try {
        const std::lock_guard guard(m_guard);
        SqliteTransaction transaction(m_db);
        for (Piece* p : group) {
            m_savepoint->execute();
            try {
                (*p->work)();
                m_release->execute();
            } catch (...) {
                p->error = std::current_exception();
                m_rollbackTo->execute();
                m_release->execute();
            }
        }
        transaction.commit();
    } catch (...) { // nothing of the group was written
        const std::exception_ptr failure = std::current_exception();
        for (Piece* p : group)
            p->error = failure;
    }
}

std::uint64_t GroupCommit::groups() const {
    const std::lock_guard lock(m_mutex);
    return m_groups;
}

std::uint64_t GroupCommit::pieces() const {
    const std::lock_guard lock(m_mutex);
    return m_pieces;
}

} // namespace kse
