#include "store/sqlite_database.h"

#include <chrono>
#include <thread>

#include <sqlite3.h>

namespace kse {
namespace {

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
    throw StoreError(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

} // namespace

SqliteStatement::SqliteStatement(sqlite3* db, std::string_view sql) : m_db(db) {
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &m_statement,
                           nullptr) != SQLITE_OK)
        fail(db, "sqlite prepare '" + std::string(sql) + "'");
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(m_statement); }

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(m_statement, index, value);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::string_view text) {
    sqlite3_bind_text(m_statement, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
}

SqliteStatement& SqliteStatement::bindBlob(int index, std::string_view bytes) {
    sqlite3_bind_blob64(m_statement, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    return *this;
}

std::string_view SqliteStatement::blob(int column) const {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(m_statement, column));
    return data ? std::string_view(data, static_cast<std::size_t>(sqlite3_column_bytes(m_statement, column)))
                : std::string_view();
}

SqliteStatement& SqliteStatement::bindNull(int index) {
    sqlite3_bind_null(m_statement, index);
    return *this;
}

void SqliteStatement::execute() {
    const int rc = sqlite3_step(m_statement);
    sqlite3_reset(m_statement);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        fail(m_db, "sqlite step");
}

bool SqliteStatement::next() {
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW)
        return true;
    sqlite3_reset(m_statement);
    if (rc != SQLITE_DONE)
        fail(m_db, "sqlite step");
    return false;
}

void SqliteStatement::reset() { sqlite3_reset(m_statement); }

std::int64_t SqliteStatement::integer(int column) const { return sqlite3_column_int64(m_statement, column); }

std::string_view SqliteStatement::text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, column));
    return data ? std::string_view(data, static_cast<std::size_t>(sqlite3_column_bytes(m_statement, column)))
                : std::string_view();
}

bool SqliteStatement::isNull(int column) const { return sqlite3_column_type(m_statement, column) == SQLITE_NULL; }

namespace {

// Waits for another connection's lock for up to about 5 s. SQLite's own wait sleeps 1, 2, 5,
// 10 … ms in turn, so a lock held for 3 ms costs its waiter 8: here the first 10 ms are waited
// in steps of 0.1 ms, then in steps of 1 ms.
int waitWhileBusy(void*, int tries) {
    constexpr int kFineSteps = 100;
    constexpr int kCoarseSteps = 4'990;
    if (tries >= kFineSteps + kCoarseSteps)
        return 0;
    std::this_thread::sleep_for(tries < kFineSteps ? std::chrono::microseconds(100) : std::chrono::milliseconds(1));
    return 1;
}

} // namespace

SqliteDatabase::SqliteDatabase(const std::string& path, Mode mode) {
    const int flags = mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path.c_str(), &m_db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        const std::string message = std::string("sqlite open ") + path + ": " + sqlite3_errmsg(m_db);
        sqlite3_close(m_db);
        throw StoreError(message);
    }
    sqlite3_busy_handler(m_db, &waitWhileBusy, nullptr);
    if (mode == Mode::ReadWrite) {
        // WAL lets HTTP readers run beside the writer; NORMAL sync is durable across process
        // crashes (kill -9), which is what the consumed offsets stored here must survive.
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=NORMAL");
    }
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close(m_db); }

void SqliteDatabase::exec(std::string_view sql) {
    char* error = nullptr;
    if (sqlite3_exec(m_db, std::string(sql).c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string message = "sqlite '" + std::string(sql) + "': " + (error ? error : "?");
        sqlite3_free(error);
        throw StoreError(message);
    }
}

std::unique_ptr<SqliteStatement> SqliteDatabase::prepare(std::string_view sql) {
    return std::make_unique<SqliteStatement>(m_db, sql);
}

SqliteTransaction::SqliteTransaction(SqliteDatabase& db) : m_db(db) { m_db.exec("BEGIN IMMEDIATE"); }

SqliteTransaction::~SqliteTransaction() {
    if (!m_done) {
        try {
            m_db.exec("ROLLBACK");
        } catch (const StoreError&) { // nothing more can be done while unwinding
        }
    }
}

void SqliteTransaction::commit() {
    m_db.exec("COMMIT");
    m_done = true;
}

SqliteSavepoint::SqliteSavepoint(SqliteDatabase& db) : m_db(db) { m_db.exec("SAVEPOINT message"); }

SqliteSavepoint::~SqliteSavepoint() {
    if (!m_done) {
        try {
            m_db.exec("ROLLBACK TO message");
            m_db.exec("RELEASE message");
        } catch (const StoreError&) { // nothing more can be done while unwinding
        }
    }
}

void SqliteSavepoint::release() {
    m_db.exec("RELEASE message");
    m_done = true;
}

} // namespace kse
