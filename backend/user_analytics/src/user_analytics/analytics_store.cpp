#include "user_analytics/analytics_store.h"

namespace kse {

AnalyticsStore::AnalyticsStore(const std::string& path) : m_db(path) {
    // A batch rewrites thousands of rows: a page cache that holds them (64 MiB) and fewer,
    // larger checkpoints keep each row from costing a page read and two page writes.
    m_db.exec("PRAGMA cache_size=-65536");
    m_db.exec("PRAGMA wal_autocheckpoint=16384");
    // The earlier layout had one `offsets` table and counters without a part.
    bool legacy = false;
    if (auto tables = m_db.prepare("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'offsets'")) {
        legacy = tables->next() && tables->integer(0) > 0;
        tables->reset();
    }
    if (legacy)
        m_db.exec(R"sql(
            BEGIN;
            DROP TABLE IF EXISTS users; DROP TABLE IF EXISTS user_symbols; DROP TABLE IF EXISTS symbols;
            DROP TABLE IF EXISTS minutes; DROP TABLE IF EXISTS minute_users; DROP TABLE offsets;
            COMMIT;
        )sql");
    m_db.exec(R"sql(
        CREATE TABLE IF NOT EXISTS parts (
            id INTEGER PRIMARY KEY, topic TEXT NOT NULL, partition INTEGER NOT NULL,
            next_offset INTEGER, owned INTEGER NOT NULL DEFAULT 0, UNIQUE (topic, partition));
        CREATE TABLE IF NOT EXISTS users (
            user_id TEXT NOT NULL, part INTEGER NOT NULL, last_seen INTEGER NOT NULL, logins INTEGER NOT NULL,
            views INTEGER NOT NULL, placed INTEGER NOT NULL, cancel_requests INTEGER NOT NULL,
            filled INTEGER NOT NULL, cancelled INTEGER NOT NULL, rejected INTEGER NOT NULL, trades INTEGER NOT NULL,
            volume INTEGER NOT NULL, notional INTEGER NOT NULL, realized INTEGER NOT NULL,
            PRIMARY KEY (user_id, part)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS users_last_seen ON users (last_seen);
        CREATE TABLE IF NOT EXISTS user_symbols (
            user_id TEXT NOT NULL, symbol TEXT NOT NULL, part INTEGER NOT NULL, views INTEGER NOT NULL,
            trades INTEGER NOT NULL, buy_volume INTEGER NOT NULL, sell_volume INTEGER NOT NULL,
            notional INTEGER NOT NULL, realized INTEGER NOT NULL, position INTEGER NOT NULL, cost INTEGER NOT NULL,
            PRIMARY KEY (user_id, symbol, part)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS user_symbols_part ON user_symbols (part) WHERE position != 0 OR cost != 0;
        CREATE TABLE IF NOT EXISTS symbols (
            symbol TEXT NOT NULL, part INTEGER NOT NULL, views INTEGER NOT NULL, trades INTEGER NOT NULL,
            volume INTEGER NOT NULL, notional INTEGER NOT NULL, PRIMARY KEY (symbol, part)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS minutes (
            minute INTEGER NOT NULL, part INTEGER NOT NULL, logins INTEGER NOT NULL, views INTEGER NOT NULL,
            placed INTEGER NOT NULL, cancel_requests INTEGER NOT NULL, filled INTEGER NOT NULL,
            cancelled INTEGER NOT NULL, rejected INTEGER NOT NULL, trades INTEGER NOT NULL, volume INTEGER NOT NULL,
            notional INTEGER NOT NULL, PRIMARY KEY (minute, part)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS minute_users (
            minute INTEGER NOT NULL, user_id TEXT NOT NULL, part INTEGER NOT NULL,
            PRIMARY KEY (minute, user_id, part)) WITHOUT ROWID;
        UPDATE parts SET owned = 0;
    )sql");
    m_user = m_db.prepare(R"sql(
        INSERT INTO users VALUES (?1, ?14, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
        ON CONFLICT (user_id, part) DO UPDATE SET last_seen = MAX(last_seen, ?2), logins = logins + ?3,
            views = views + ?4, placed = placed + ?5, cancel_requests = cancel_requests + ?6, filled = filled + ?7,
            cancelled = cancelled + ?8, rejected = rejected + ?9, trades = trades + ?10, volume = volume + ?11,
            notional = notional + ?12, realized = realized + ?13)sql");
    m_userSymbol = m_db.prepare(R"sql(
        INSERT INTO user_symbols VALUES (?1, ?2, ?12, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
        ON CONFLICT (user_id, symbol, part) DO UPDATE SET views = views + ?3, trades = trades + ?4,
            buy_volume = buy_volume + ?5, sell_volume = sell_volume + ?6, notional = notional + ?7,
            realized = realized + ?8,
            position = CASE WHEN ?11 THEN ?9 ELSE position END, cost = CASE WHEN ?11 THEN ?10 ELSE cost END)sql");
    m_symbol = m_db.prepare(R"sql(
        INSERT INTO symbols VALUES (?1, ?6, ?2, ?3, ?4, ?5)
        ON CONFLICT (symbol, part) DO UPDATE SET views = views + ?2, trades = trades + ?3, volume = volume + ?4,
            notional = notional + ?5)sql");
    m_minute = m_db.prepare(R"sql(
        INSERT INTO minutes VALUES (?1, ?12, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
        ON CONFLICT (minute, part) DO UPDATE SET logins = logins + ?2, views = views + ?3, placed = placed + ?4,
            cancel_requests = cancel_requests + ?5, filled = filled + ?6, cancelled = cancelled + ?7,
            rejected = rejected + ?8, trades = trades + ?9, volume = volume + ?10, notional = notional + ?11)sql");
    m_minuteUser = m_db.prepare("INSERT OR IGNORE INTO minute_users VALUES (?1, ?2, ?3)");
    m_newPart = m_db.prepare("INSERT INTO parts (topic, partition) VALUES (?1, ?2) RETURNING id");
    m_saveOffset = m_db.prepare("UPDATE parts SET next_offset = ?2 WHERE id = ?1");
    m_readParts = m_db.prepare("SELECT id, topic, partition, next_offset FROM parts");
    m_positions = m_db.prepare(
        "SELECT user_id, symbol, position, cost FROM user_symbols WHERE part = ?1 AND (position != 0 OR cost != 0)");
    m_own = m_db.prepare("UPDATE parts SET owned = ?2 WHERE id = ?1");
    loadParts();
}

void AnalyticsStore::loadParts() {
    m_parts.clear();
    while (m_readParts->next())
        m_parts[{std::string(m_readParts->text(1)), static_cast<std::int32_t>(m_readParts->integer(2))}] =
            m_readParts->integer(0);
}

PartId AnalyticsStore::part(const std::string& topic, std::int32_t partition) {
    const auto [it, added] = m_parts.try_emplace({topic, partition}, 0);
    if (added) {
        try {
            m_newPart->bind(1, topic).bind(2, std::int64_t{partition});
            m_newPart->next();
            it->second = m_newPart->integer(0);
            m_newPart->reset();
        } catch (...) {
            m_parts.erase(it);
            throw;
        }
    }
    return it->second;
}

void AnalyticsStore::write(const AnalyticsModel::Deltas& deltas, const std::vector<TopicPartitionOffset>& offsets) {
    try {
        SqliteTransaction transaction(m_db);
        for (const auto& [part, delta] : deltas)
            write(part, delta);
        for (const auto& o : offsets)
            m_saveOffset->bind(1, part(o.topic, o.partition)).bind(2, o.offset).execute();
        transaction.commit();
    } catch (...) {
        loadParts(); // a part made in the transaction rolled back with it
        throw;
    }
}

void AnalyticsStore::write(PartId part, const AnalyticsDelta& delta) {
    for (const auto& [name, u] : delta.users) {
        const auto& c = u.counts;
        m_user->bind(1, name)
            .bind(2, u.lastSeen)
            .bind(3, c.logins)
            .bind(4, c.views)
            .bind(5, c.placed)
            .bind(6, c.cancelRequests)
            .bind(7, c.filled)
            .bind(8, c.cancelled)
            .bind(9, c.rejected)
            .bind(10, c.trades)
            .bind(11, c.volume)
            .bind(12, c.notional)
            .bind(13, c.realized)
            .bind(14, part)
            .execute();
    }
    for (const auto& [key, us] : delta.userSymbols)
        m_userSymbol->bind(1, key.first)
            .bind(2, key.second)
            .bind(3, us.views)
            .bind(4, us.trades)
            .bind(5, us.buyVolume)
            .bind(6, us.sellVolume)
            .bind(7, us.notional)
            .bind(8, us.realized)
            .bind(9, us.position.qty)
            .bind(10, us.position.cost)
            .bind(11, std::int64_t{us.traded ? 1 : 0})
            .bind(12, part)
            .execute();
    for (const auto& [name, s] : delta.symbols)
        m_symbol->bind(1, name)
            .bind(2, s.views)
            .bind(3, s.trades)
            .bind(4, s.volume)
            .bind(5, s.notional)
            .bind(6, part)
            .execute();
    for (const auto& [minute, c] : delta.minutes)
        m_minute->bind(1, minute)
            .bind(2, c.logins)
            .bind(3, c.views)
            .bind(4, c.placed)
            .bind(5, c.cancelRequests)
            .bind(6, c.filled)
            .bind(7, c.cancelled)
            .bind(8, c.rejected)
            .bind(9, c.trades)
            .bind(10, c.volume)
            .bind(11, c.notional)
            .bind(12, part)
            .execute();
    for (const auto& [minute, user] : delta.minuteUsers)
        m_minuteUser->bind(1, minute).bind(2, user).bind(3, part).execute();
}

AnalyticsStore::Offsets AnalyticsStore::offsets() {
    Offsets out;
    while (m_readParts->next())
        if (!m_readParts->isNull(3))
            out[{std::string(m_readParts->text(1)), static_cast<std::int32_t>(m_readParts->integer(2))}] =
                m_readParts->integer(3);
    return out;
}

AnalyticsModel::Positions AnalyticsStore::positions(PartId part) {
    AnalyticsModel::Positions out;
    m_positions->bind(1, part);
    while (m_positions->next())
        out[{std::string(m_positions->text(0)), std::string(m_positions->text(1))}] =
            PositionBook{m_positions->integer(2), m_positions->integer(3)};
    return out;
}

void AnalyticsStore::disownAll() { m_db.exec("UPDATE parts SET owned = 0"); }

void AnalyticsStore::own(const std::vector<PartId>& parts, bool owned) {
    SqliteTransaction transaction(m_db);
    for (const PartId part : parts)
        m_own->bind(1, part).bind(2, std::int64_t{owned ? 1 : 0}).execute();
    transaction.commit();
}

} // namespace kse
