#include "platform_api/user_store.h"

namespace kse {

std::string_view roleName(Role role) { return role == Role::Admin ? "admin" : "trader"; }

UserStore::UserStore(const std::string& path) : m_db(path), m_checkpointer(m_db, path) {
    m_db.exec("PRAGMA cache_size=-65536"); // 64 MiB: orders are inserted all over their table
    m_db.exec(R"(
        CREATE TABLE IF NOT EXISTS users (
            id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE COLLATE NOCASE, password TEXT NOT NULL,
            role TEXT NOT NULL, created INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS sessions (
            token_digest TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id),
            expires INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS accounts (
            user_id INTEGER PRIMARY KEY REFERENCES users (id), cash INTEGER NOT NULL,
            reserved_cash INTEGER NOT NULL, realized_pnl INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS holdings (
            user_id INTEGER NOT NULL REFERENCES users (id), symbol TEXT NOT NULL, qty INTEGER NOT NULL,
            reserved INTEGER NOT NULL, cost INTEGER NOT NULL, PRIMARY KEY (user_id, symbol)) WITHOUT ROWID;
    )");
    m_insertUser = m_db.prepare("INSERT INTO users (username, password, role, created) VALUES (?1, ?2, ?3, ?4)");
    m_userByName = m_db.prepare("SELECT id, username, password, role, created FROM users WHERE username = ?1");
    m_userById = m_db.prepare("SELECT id, username, password, role, created FROM users WHERE id = ?1");
    m_updatePassword = m_db.prepare("UPDATE users SET password = ?2 WHERE id = ?1");
    m_insertSession = m_db.prepare("INSERT INTO sessions VALUES (?1, ?2, ?3)");
    m_session =
        m_db.prepare("SELECT u.id, u.username, u.role, s.expires FROM sessions s JOIN users u ON u.id = s.user_id "
                     "WHERE s.token_digest = ?1 AND s.expires > ?2");
    m_deleteSession = m_db.prepare("DELETE FROM sessions WHERE token_digest = ?1");
    m_deleteExpired = m_db.prepare("DELETE FROM sessions WHERE expires <= ?1");
    m_insertAccount = m_db.prepare("INSERT INTO accounts VALUES (?1, ?2, 0, 0)");
    m_account = m_db.prepare("SELECT cash, reserved_cash, realized_pnl FROM accounts WHERE user_id = ?1");
    m_holdings = m_db.prepare("SELECT symbol, qty, reserved, cost FROM holdings WHERE user_id = ?1");
    m_updateAccount =
        m_db.prepare("UPDATE accounts SET cash = ?2, reserved_cash = ?3, realized_pnl = ?4 WHERE user_id = ?1");
    m_deleteHolding = m_db.prepare("DELETE FROM holdings WHERE user_id = ?1 AND symbol = ?2");
    m_upsertHolding = m_db.prepare("INSERT INTO holdings VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (user_id, symbol) "
                                   "DO UPDATE SET qty = ?3, reserved = ?4, cost = ?5");
}

std::optional<UserRecord> UserStore::readUser(SqliteStatement& query) {
    if (!query.next())
        return std::nullopt;
    UserRecord user{query.integer(0), std::string(query.text(1)), std::string(query.text(2)),
                    query.text(3) == "admin" ? Role::Admin : Role::Trader, query.integer(4)};
    query.reset();
    return user;
}

std::optional<UserRecord> UserStore::createUser(const std::string& username, const std::string& passwordHash, Role role,
                                                std::int64_t cash, std::int64_t now) {
    SqliteTransaction transaction(m_db);
    if (user(username))
        return std::nullopt;
    m_insertUser->bind(1, username).bind(2, passwordHash).bind(3, roleName(role)).bind(4, now).execute();
    auto created = user(username);
    m_insertAccount->bind(1, created->id).bind(2, cash).execute();
    transaction.commit();
    return created;
}

std::optional<UserRecord> UserStore::user(const std::string& username) {
    m_userByName->bind(1, username);
    return readUser(*m_userByName);
}

std::optional<UserRecord> UserStore::user(std::int64_t id) {
    m_userById->bind(1, id);
    return readUser(*m_userById);
}

void UserStore::updatePasswordHash(std::int64_t userId, const std::string& passwordHash) {
    m_updatePassword->bind(1, userId).bind(2, passwordHash).execute();
}

void UserStore::addSession(const std::string& tokenDigest, std::int64_t userId, std::int64_t expires) {
    m_insertSession->bind(1, tokenDigest).bind(2, userId).bind(3, expires).execute();
}

std::optional<Session> UserStore::session(const std::string& tokenDigest, std::int64_t now) {
    m_session->bind(1, tokenDigest).bind(2, now);
    if (!m_session->next())
        return std::nullopt;
    Session s{m_session->integer(0), std::string(m_session->text(1)),
              m_session->text(2) == "admin" ? Role::Admin : Role::Trader, m_session->integer(3)};
    m_session->reset();
    return s;
}

void UserStore::removeSession(const std::string& tokenDigest) { m_deleteSession->bind(1, tokenDigest).execute(); }

void UserStore::removeExpiredSessions(std::int64_t now) { m_deleteExpired->bind(1, now).execute(); }

Account UserStore::account(std::int64_t userId) {
    Account account;
    m_account->bind(1, userId);
    if (!m_account->next())
        throw StoreError("no account for user " + std::to_string(userId));
    account.cash = Money::fromTicks(m_account->integer(0));
    account.reservedCash = Money::fromTicks(m_account->integer(1));
    account.realizedPnl = Money::fromTicks(m_account->integer(2));
    m_account->reset();
    m_holdings->bind(1, userId);
    while (m_holdings->next())
        account.holdings[std::string(m_holdings->text(0))] =
            Holding{m_holdings->integer(1), m_holdings->integer(2), Money::fromTicks(m_holdings->integer(3))};
    return account;
}

void UserStore::saveAccount(std::int64_t userId, const Account& account) {
    // Only what changed is written: a row left alone dirties no page, and every page a
    // transaction dirties is written to the WAL whole.
    const Account stored = this->account(userId);
    if (account.cash != stored.cash || account.reservedCash != stored.reservedCash ||
        account.realizedPnl != stored.realizedPnl)
        m_updateAccount->bind(1, userId)
            .bind(2, account.cash.ticks())
            .bind(3, account.reservedCash.ticks())
            .bind(4, account.realizedPnl.ticks())
            .execute();
    for (const auto& [symbol, h] : account.holdings) {
        const auto before = stored.holdings.find(symbol);
        if (before == stored.holdings.end() || !(before->second == h))
            m_upsertHolding->bind(1, userId)
                .bind(2, symbol)
                .bind(3, h.qty)
                .bind(4, h.reserved)
                .bind(5, h.cost.ticks())
                .execute();
    }
    for (const auto& [symbol, h] : stored.holdings)
        if (!account.holdings.contains(symbol))
            m_deleteHolding->bind(1, userId).bind(2, symbol).execute();
}

} // namespace kse
