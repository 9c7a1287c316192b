#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace kse {

class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A prepared statement: bind by position (1-based), step, read columns. Reset on each execute.
class SqliteStatement {
public:
    SqliteStatement(sqlite3* db, std::string_view sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    SqliteStatement& bind(int index, std::int64_t value);
    SqliteStatement& bind(int index, std::string_view text);
    SqliteStatement& bindBlob(int index, std::string_view bytes);
    SqliteStatement& bindNull(int index);
    // Runs a statement that returns no rows.
    void execute();
    // Steps to the next row; false when done (the statement is then reset).
    bool next();
    std::int64_t integer(int column) const;
    std::string_view text(int column) const;
    std::string_view blob(int column) const;
    bool isNull(int column) const;
    void reset();

private:
    sqlite3* m_db;
    sqlite3_stmt* m_statement = nullptr;
};

// One SQLite connection in WAL mode. Every service keeps its state in its own file.
class SqliteDatabase {
public:
    enum class Mode { ReadWrite, ReadOnly };
    SqliteDatabase(const std::string& path, Mode mode = Mode::ReadWrite);
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    void exec(std::string_view sql);
    std::unique_ptr<SqliteStatement> prepare(std::string_view sql);
    sqlite3* handle() { return m_db; }

private:
    sqlite3* m_db = nullptr;
};

// BEGIN IMMEDIATE … COMMIT, rolled back if not committed (an exception on the way).
class SqliteTransaction {
public:
    explicit SqliteTransaction(SqliteDatabase& db);
    ~SqliteTransaction();
    void commit();

private:
    SqliteDatabase& m_db;
    bool m_done = false;
};

// A savepoint inside an open transaction: the effects of one message, undone alone when applying
// it fails (release() keeps them), so one bad message cannot take its batch down with it.
class SqliteSavepoint {
public:
    explicit SqliteSavepoint(SqliteDatabase& db);
    ~SqliteSavepoint();
    SqliteSavepoint(const SqliteSavepoint&) = delete;
    SqliteSavepoint& operator=(const SqliteSavepoint&) = delete;
    void release();

private:
    SqliteDatabase& m_db;
    bool m_done = false;
};

} // namespace kse
