#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "platform_api/ledger.h"
#include "store/sqlite_database.h"
#include "store/wal_checkpointer.h"

namespace kse {

enum class Role { Trader, Admin };
std::string_view roleName(Role role);

struct UserRecord {
    std::int64_t id = 0;
    std::string username;
    std::string passwordHash;
    Role role = Role::Trader;
    std::int64_t created = 0;
};

struct Session {
    std::int64_t userId = 0;
    std::string username;
    Role role = Role::Trader;
    std::int64_t expires = 0;
};

// The Users DB (SQLite): users, their sessions (token digests only) and their accounts —
// cash, reservations, holdings — in fixed-point ticks. Statements are prepared once; nothing is
// built from strings. Calls that change an account take part in the caller's transaction
// (SqliteTransaction on db()), so a check and its effect are one unit.
class UserStore {
public:
    explicit UserStore(const std::string& path);

    SqliteDatabase& db() { return m_db; }

    // A new user with an account holding `cash`; nothing when the name is taken in any case.
    std::optional<UserRecord> createUser(const std::string& username, const std::string& passwordHash, Role role,
                                         std::int64_t cash, std::int64_t now);
    std::optional<UserRecord> user(const std::string& username); // any case
    std::optional<UserRecord> user(std::int64_t id);
    // Replaces a user's password hash (a stronger scheme or cost after a successful login).
    void updatePasswordHash(std::int64_t userId, const std::string& passwordHash);

    void addSession(const std::string& tokenDigest, std::int64_t userId, std::int64_t expires);
    // The session of a token digest, unless it expired.
    std::optional<Session> session(const std::string& tokenDigest, std::int64_t now);
    void removeSession(const std::string& tokenDigest);
    void removeExpiredSessions(std::int64_t now);

    Account account(std::int64_t userId);
    // Writes the account back: cash, reservations, P&L and every holding (absent ones removed).
    void saveAccount(std::int64_t userId, const Account& account);

private:
    std::optional<UserRecord> readUser(SqliteStatement& query);

    SqliteDatabase m_db;
    WalCheckpointer m_checkpointer; // every placed order commits: no commit waits for a checkpoint
    std::unique_ptr<SqliteStatement> m_insertUser, m_userByName, m_userById, m_updatePassword, m_insertSession,
        m_session, m_deleteSession, m_deleteExpired, m_insertAccount, m_account, m_holdings, m_updateAccount,
        m_deleteHolding, m_upsertHolding;
};

} // namespace kse
