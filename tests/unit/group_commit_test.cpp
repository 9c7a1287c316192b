#include <gtest/gtest.h>

#include <QTemporaryDir>
#include <atomic>
#include <filesystem>
#include <stdexcept>
#include <thread>
#include <vector>

#include "store/group_commit.h"
#include "store/wal_checkpointer.h"

namespace kse {
namespace {

std::int64_t count(SqliteDatabase& db, const std::string& sql) {
    auto query = db.prepare(sql);
    query->next();
    const std::int64_t n = query->integer(0);
    query->reset();
    return n;
}

TEST(GroupCommitTest, EveryCallerReturnsWithItsWorkCommittedAndAFailureRollsBackOnlyItsOwn) {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("g.db")).toStdString();
    SqliteDatabase db(path);
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, thread INTEGER NOT NULL)");
    auto insert = db.prepare("INSERT INTO t VALUES (?1, ?2)");
    std::mutex guard;
    GroupCommit commits(db, guard);

    constexpr int kThreads = 8;
    constexpr int kEach = 300;
    std::atomic<int> refused{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            // Every caller checks, with a connection of its own, that what it wrote is committed
            // by the time run() returns.
            SqliteDatabase reader(path, SqliteDatabase::Mode::ReadOnly);
            for (int i = 0; i < kEach; ++i) {
                const int id = t * kEach + i;
                try {
                    commits.run([&] {
                        insert->bind(1, id).bind(2, t).execute();
                        if (id % 7 == 0) // wrote, then refused: only this row goes
                            throw std::runtime_error("refused");
                    });
                } catch (const std::runtime_error&) {
                    ++refused;
                    continue;
                }
                ASSERT_EQ(count(reader, "SELECT count(*) FROM t WHERE id = " + std::to_string(id)), 1);
            }
        });
    for (auto& thread : threads)
        thread.join();

    const int total = kThreads * kEach;
    const int sevens = (total + 6) / 7;
    EXPECT_EQ(refused.load(), sevens);
    EXPECT_EQ(count(db, "SELECT count(*) FROM t"), total - sevens);
    EXPECT_EQ(count(db, "SELECT count(*) FROM t WHERE id % 7 = 0"), 0);
    EXPECT_EQ(commits.pieces(), static_cast<std::uint64_t>(total));
    EXPECT_LE(commits.groups(), commits.pieces());
}

TEST(GroupCommitTest, AFailedCommitFailsEveryCallerOfTheGroupAndWritesNothing) {
    QTemporaryDir dir;
    SqliteDatabase db(dir.filePath(QStringLiteral("g.db")).toStdString());
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
    db.exec("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
    db.exec("CREATE TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)");
    db.exec("PRAGMA foreign_keys=ON");
    std::mutex guard;
    GroupCommit commits(db, guard);
    // A deferred foreign key fails at COMMIT, not in the work.
    EXPECT_THROW(commits.run([&] {
        db.exec("INSERT INTO t VALUES (1)");
        db.exec("INSERT INTO child VALUES (42)");
    }),
                 StoreError);
    EXPECT_EQ(count(db, "SELECT count(*) FROM t"), 0);
    commits.run([&] { db.exec("INSERT INTO t VALUES (2)"); }); // the next group is not affected
    EXPECT_EQ(count(db, "SELECT count(*) FROM t"), 1);
}

TEST(WalCheckpointerTest, KeepsTheWalBoundedUnderAStreamOfCommits) {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("w.db")).toStdString();
    SqliteDatabase db(path);
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, pad BLOB NOT NULL)");
    WalCheckpointer checkpointer(db, path, 500);
    auto insert = db.prepare("INSERT INTO t VALUES (?1, zeroblob(3000))");
    std::uintmax_t largest = 0;
    for (int i = 0; i < 20'000; ++i) {
        SqliteTransaction transaction(db);
        insert->bind(1, i).execute();
        transaction.commit();
        if (i % 500 == 0)
            largest = std::max(largest, std::filesystem::file_size(path + "-wal"));
    }
    // 20,000 commits of a page or more each: some 80 MB of WAL without checkpoints.
    EXPECT_GT(checkpointer.checkpoints(), 0U);
    EXPECT_LT(largest, 40U * 1024 * 1024);
    EXPECT_EQ(count(db, "SELECT count(*) FROM t"), 20'000);
}

} // namespace
} // namespace kse
