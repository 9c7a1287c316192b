#include "stock_aggregator/aggregate_store.h"

#include <algorithm>

namespace kse {

std::string int128ToString(Int128 value) {
    if (value == 0)
        return "0";
    const bool negative = value < 0;
    std::string digits;
    while (value != 0) {
        const auto digit = static_cast<int>(value % 10);
        digits.push_back(static_cast<char>('0' + (negative ? -digit : digit)));
        value /= 10;
    }
    if (negative)
        digits.push_back('-');
    std::reverse(digits.begin(), digits.end());
    return digits;
}

Int128 int128FromString(std::string_view text) {
    const bool negative = !text.empty() && text.front() == '-';
    Int128 value = 0;
    for (char c : text.substr(negative ? 1 : 0))
        value = value * 10 + (c - '0');
    return negative ? -value : value;
}

Candle readCandle(const SqliteStatement& row, int first) {
    Candle c;
    c.start = row.integer(first);
    c.open = Price::fromTicks(row.integer(first + 1));
    c.high = Price::fromTicks(row.integer(first + 2));
    c.low = Price::fromTicks(row.integer(first + 3));
    c.close = Price::fromTicks(row.integer(first + 4));
    c.openTs = row.integer(first + 5);
    c.closeTs = row.integer(first + 6);
    c.volume = row.integer(first + 7);
    c.notional = int128FromString(row.text(first + 8));
    c.count = row.integer(first + 9);
    c.final = row.integer(first + 10) != 0;
    return c;
}

SessionStats readStats(const SqliteStatement& row, int first) {
    SessionStats s;
    s.day = row.integer(first);
    s.open = Price::fromTicks(row.integer(first + 1));
    s.high = Price::fromTicks(row.integer(first + 2));
    s.low = Price::fromTicks(row.integer(first + 3));
    s.last = Price::fromTicks(row.integer(first + 4));
    s.openTs = row.integer(first + 5);
    s.lastTs = row.integer(first + 6);
    s.volume = row.integer(first + 7);
    s.count = row.integer(first + 8);
    if (!row.isNull(first + 9))
        s.previousClose = Price::fromTicks(row.integer(first + 9));
    return s;
}

void AggregateStore::Batch::clear() {
    candles.clear();
    stats.clear();
    offsets.clear();
    forgotten.clear();
}

AggregateStore::AggregateStore(const std::string& path) : m_db(path) {
    m_db.exec(R"(
        CREATE TABLE IF NOT EXISTS candles (
            symbol TEXT NOT NULL, interval TEXT NOT NULL, start INTEGER NOT NULL,
            open INTEGER NOT NULL, high INTEGER NOT NULL, low INTEGER NOT NULL, close INTEGER NOT NULL,
            open_ts INTEGER NOT NULL, close_ts INTEGER NOT NULL,
            volume INTEGER NOT NULL, notional TEXT NOT NULL, count INTEGER NOT NULL, final INTEGER NOT NULL,
            PRIMARY KEY (symbol, interval, start)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS stats (
            symbol TEXT PRIMARY KEY, day INTEGER NOT NULL,
            open INTEGER NOT NULL, high INTEGER NOT NULL, low INTEGER NOT NULL, last INTEGER NOT NULL,
            open_ts INTEGER NOT NULL, last_ts INTEGER NOT NULL, volume INTEGER NOT NULL, count INTEGER NOT NULL,
            previous_close INTEGER) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS offsets (
            topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL,
            PRIMARY KEY (topic, partition)) WITHOUT ROWID;
    )");
    m_upsertCandle =
        m_db.prepare("INSERT INTO candles VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
                     "ON CONFLICT (symbol, interval, start) DO UPDATE SET open = ?4, high = ?5, low = ?6, close = ?7, "
                     "open_ts = ?8, close_ts = ?9, volume = ?10, notional = ?11, count = ?12, final = ?13");
    m_upsertStats = m_db.prepare("INSERT OR REPLACE INTO stats VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    m_upsertOffset = m_db.prepare("INSERT OR REPLACE INTO offsets VALUES (?1, ?2, ?3)");
    m_forgetCandles = m_db.prepare("DELETE FROM candles WHERE symbol = ?1 AND interval = ?2 AND start >= ?3");
    m_forgetStats = m_db.prepare("DELETE FROM stats WHERE symbol = ?1");
}

void AggregateStore::write(const Batch& batch) {
    SqliteTransaction transaction(m_db);
    for (const auto& [symbol, from] : batch.forgotten) {
        for (const Interval interval : kIntervals)
            m_forgetCandles->bind(1, symbol)
                .bind(2, intervalName(interval))
                .bind(3, windowStart(from, interval))
                .execute();
        m_forgetStats->bind(1, symbol).execute();
    }
    for (const auto& change : batch.candles) {
        const Candle& c = change.candle;
        m_upsertCandle->bind(1, change.symbol)
            .bind(2, intervalName(change.interval))
            .bind(3, c.start)
            .bind(4, c.open.ticks())
            .bind(5, c.high.ticks())
            .bind(6, c.low.ticks())
            .bind(7, c.close.ticks())
            .bind(8, c.openTs)
            .bind(9, c.closeTs)
            .bind(10, c.volume)
            .bind(11, int128ToString(c.notional))
            .bind(12, c.count)
            .bind(13, std::int64_t{c.final ? 1 : 0})
            .execute();
    }
    for (const auto& change : batch.stats) {
        const SessionStats& s = change.stats;
        m_upsertStats->bind(1, change.symbol)
            .bind(2, s.day)
            .bind(3, s.open.ticks())
            .bind(4, s.high.ticks())
            .bind(5, s.low.ticks())
            .bind(6, s.last.ticks())
            .bind(7, s.openTs)
            .bind(8, s.lastTs)
            .bind(9, s.volume)
            .bind(10, s.count);
        if (s.previousClose)
            m_upsertStats->bind(11, s.previousClose->ticks());
        else
            m_upsertStats->bindNull(11);
        m_upsertStats->execute();
    }
    for (const auto& offset : batch.offsets)
        m_upsertOffset->bind(1, offset.topic).bind(2, std::int64_t{offset.partition}).bind(3, offset.offset).execute();
    transaction.commit();
}

AggregateStore::Offsets AggregateStore::offsets() {
    Offsets out;
    auto query = m_db.prepare("SELECT topic, partition, next_offset FROM offsets");
    while (query->next())
        out[{std::string(query->text(0)), static_cast<std::int32_t>(query->integer(1))}] = query->integer(2);
    return out;
}

void AggregateStore::loadInto(CandleAggregator& aggregator, int kept,
                              const std::function<bool(std::string_view)>& wanted) {
    auto candles = m_db.prepare(std::string("SELECT symbol, interval, ") + kCandleColumns +
                                " FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY symbol, interval ORDER BY start DESC)"
                                " AS n FROM candles) WHERE n <= ?1");
    candles->bind(1, std::int64_t{kept});
    while (candles->next())
        if (const auto interval = parseInterval(candles->text(1)); interval && wanted(candles->text(0)))
            aggregator.restore(candles->text(0), *interval, readCandle(*candles, 2));
    auto stats = m_db.prepare(std::string("SELECT symbol, ") + kStatsColumns + " FROM stats");
    while (stats->next())
        if (wanted(stats->text(0)))
            aggregator.restore(stats->text(0), readStats(*stats, 1));
}

} // namespace kse
