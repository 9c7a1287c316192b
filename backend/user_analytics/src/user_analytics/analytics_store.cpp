#include "user_analytics/analytics_store.h"

namespace kse {

AnalyticsStore::AnalyticsStore(const std::string& path) : m_db(path) {
    // A batch rewrites thousands of rows: a page cache that holds them (64 MiB) and fewer,
    // larger checkpoints keep each row from costing a page read and two page writes.
    m_db.exec("PRAGMA cache_size=-65536");
    m_db.exec("PRAGMA wal_autocheckpoint=16384");
    m_db.exec(R"sql(
        CREATE TABLE IF NOT EXISTS users (
            user_id TEXT PRIMARY KEY, last_seen INTEGER NOT NULL, logins INTEGER NOT NULL, views INTEGER NOT NULL,
            placed INTEGER NOT NULL, cancel_requests INTEGER NOT NULL, filled INTEGER NOT NULL,
            cancelled INTEGER NOT NULL, rejected INTEGER NOT NULL, trades INTEGER NOT NULL, volume INTEGER NOT NULL,
            notional INTEGER NOT NULL, realized INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS users_last_seen ON users (last_seen);
        CREATE TABLE IF NOT EXISTS user_symbols (
            user_id TEXT NOT NULL, symbol TEXT NOT NULL, views INTEGER NOT NULL, trades INTEGER NOT NULL,
            buy_volume INTEGER NOT NULL, sell_volume INTEGER NOT NULL, notional INTEGER NOT NULL,
            realized INTEGER NOT NULL, position INTEGER NOT NULL, cost INTEGER NOT NULL,
            PRIMARY KEY (user_id, symbol)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS symbols (
            symbol TEXT PRIMARY KEY, views INTEGER NOT NULL, trades INTEGER NOT NULL, volume INTEGER NOT NULL,
            notional INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS minutes (
            minute INTEGER PRIMARY KEY, logins INTEGER NOT NULL, views INTEGER NOT NULL, placed INTEGER NOT NULL,
            cancel_requests INTEGER NOT NULL, filled INTEGER NOT NULL, cancelled INTEGER NOT NULL,
            rejected INTEGER NOT NULL, trades INTEGER NOT NULL, volume INTEGER NOT NULL, notional INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS minute_users (
            minute INTEGER NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (minute, user_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS offsets (
            topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL,
            PRIMARY KEY (topic, partition)) WITHOUT ROWID;
    )sql");
    m_user = m_db.prepare(R"sql(
        INSERT INTO users VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
        ON CONFLICT (user_id) DO UPDATE SET last_seen = MAX(last_seen, ?2), logins = logins + ?3, views = views + ?4,
            placed = placed + ?5, cancel_requests = cancel_requests + ?6, filled = filled + ?7,
            cancelled = cancelled + ?8, rejected = rejected + ?9, trades = trades + ?10, volume = volume + ?11,
            notional = notional + ?12, realized = realized + ?13)sql");
    m_userSymbol = m_db.prepare(R"sql(
        INSERT INTO user_symbols VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
        ON CONFLICT (user_id, symbol) DO UPDATE SET views = views + ?3, trades = trades + ?4,
            buy_volume = buy_volume + ?5, sell_volume = sell_volume + ?6, notional = notional + ?7,
            realized = realized + ?8,
            position = CASE WHEN ?11 THEN ?9 ELSE position END, cost = CASE WHEN ?11 THEN ?10 ELSE cost END)sql");
    m_symbol = m_db.prepare(R"sql(
        INSERT INTO symbols VALUES (?1, ?2, ?3, ?4, ?5)
        ON CONFLICT (symbol) DO UPDATE SET views = views + ?2, trades = trades + ?3, volume = volume + ?4,
            notional = notional + ?5)sql");
    m_minute = m_db.prepare(R"sql(
        INSERT INTO minutes VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
        ON CONFLICT (minute) DO UPDATE SET logins = logins + ?2, views = views + ?3, placed = placed + ?4,
            cancel_requests = cancel_requests + ?5, filled = filled + ?6, cancelled = cancelled + ?7,
            rejected = rejected + ?8, trades = trades + ?9, volume = volume + ?10, notional = notional + ?11)sql");
    m_minuteUser = m_db.prepare("INSERT OR IGNORE INTO minute_users VALUES (?1, ?2)");
    m_saveOffset = m_db.prepare("INSERT OR REPLACE INTO offsets VALUES (?1, ?2, ?3)");
    m_offsets = m_db.prepare("SELECT topic, partition, next_offset FROM offsets");
    m_positions =
        m_db.prepare("SELECT user_id, symbol, position, cost FROM user_symbols WHERE position != 0 OR cost != 0");
}

void AnalyticsStore::write(const AnalyticsDelta& delta, const std::vector<TopicPartitionOffset>& offsets) {
    SqliteTransaction transaction(m_db);
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
            .execute();
    for (const auto& [name, s] : delta.symbols)
        m_symbol->bind(1, name).bind(2, s.views).bind(3, s.trades).bind(4, s.volume).bind(5, s.notional).execute();
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
            .execute();
    for (const auto& [minute, user] : delta.minuteUsers)
        m_minuteUser->bind(1, minute).bind(2, user).execute();
    for (const auto& o : offsets)
        m_saveOffset->bind(1, o.topic).bind(2, std::int64_t{o.partition}).bind(3, o.offset).execute();
    transaction.commit();
}

AnalyticsStore::Offsets AnalyticsStore::offsets() {
    Offsets out;
    while (m_offsets->next())
        out[{std::string(m_offsets->text(0)), static_cast<std::int32_t>(m_offsets->integer(1))}] =
            m_offsets->integer(2);
    return out;
}

AnalyticsModel::Positions AnalyticsStore::positions() {
    AnalyticsModel::Positions out;
    while (m_positions->next())
        out[{std::string(m_positions->text(0)), std::string(m_positions->text(1))}] =
            PositionBook{m_positions->integer(2), m_positions->integer(3)};
    return out;
}

} // namespace kse
