#include "platform_api/market_store.h"

#include <algorithm>
#include <limits>

#include "domain/limits.h"
#include "domain/tick.h"

namespace kse {
namespace {

constexpr std::int64_t kDayMs = SessionStats::kDayMs;

Candle readCandleRow(const SqliteStatement& row) {
    Candle c;
    c.start = row.integer(0);
    c.open = Price::fromTicks(row.integer(1));
    c.high = Price::fromTicks(row.integer(2));
    c.low = Price::fromTicks(row.integer(3));
    c.close = Price::fromTicks(row.integer(4));
    c.volume = row.integer(5);
    c.notional = static_cast<Int128>(row.integer(6)) * c.volume;
    c.count = row.integer(7);
    c.final = row.integer(8) != 0;
    return c;
}

constexpr const char* kColumns = "start, open, high, low, close, volume, vwap, count, final";

} // namespace

MarketStore::MarketStore(const std::string& path) : m_db(path) {
    m_db.exec(R"sql(
        CREATE TABLE IF NOT EXISTS candles (
            symbol TEXT NOT NULL, interval TEXT NOT NULL, start INTEGER NOT NULL,
            open INTEGER NOT NULL, high INTEGER NOT NULL, low INTEGER NOT NULL, close INTEGER NOT NULL,
            volume INTEGER NOT NULL, vwap INTEGER NOT NULL, count INTEGER NOT NULL, final INTEGER NOT NULL,
            PRIMARY KEY (symbol, interval, start)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS offsets (
            partition INTEGER PRIMARY KEY, next INTEGER NOT NULL);
    )sql");
    // A window's candle only grows: more prices (a greater count), or the same ones made final. An
    // older version coming later (a member that aggregated part of the window before a handover,
    // or a replay still catching up) never replaces a newer one.
    m_upsert = m_db.prepare("INSERT INTO candles VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
                            "ON CONFLICT (symbol, interval, start) DO UPDATE SET open = ?4, high = ?5, low = ?6, "
                            "close = ?7, volume = ?8, vwap = ?9, count = ?10, final = ?11 "
                            "WHERE ?10 > candles.count OR (?10 = candles.count AND ?11 >= candles.final)");
    m_saveOffset = m_db.prepare("INSERT INTO offsets VALUES (?1, ?2) ON CONFLICT (partition) DO UPDATE SET next = ?2");
    m_offsets = m_db.prepare("SELECT partition, next FROM offsets");
    m_forget = m_db.prepare("DELETE FROM candles WHERE interval = '1s' AND start < ?1");
}

void MarketStore::write(const Batch& batch) {
    SqliteTransaction transaction(m_db);
    for (const AggregateMessage& m : batch.candles) {
        const Candle& c = m.candle;
        m_upsert->bind(1, m.symbol)
            .bind(2, intervalName(m.interval))
            .bind(3, c.start)
            .bind(4, c.open.ticks())
            .bind(5, c.high.ticks())
            .bind(6, c.low.ticks())
            .bind(7, c.close.ticks())
            .bind(8, c.volume)
            .bind(9, c.vwap().ticks())
            .bind(10, c.count)
            .bind(11, std::int64_t{c.final ? 1 : 0})
            .execute();
    }
    for (const auto& [partition, next] : batch.offsets)
        m_saveOffset->bind(1, std::int64_t{partition}).bind(2, next).execute();
    transaction.commit();
}

std::map<std::int32_t, std::int64_t> MarketStore::offsets() {
    std::map<std::int32_t, std::int64_t> out;
    while (m_offsets->next())
        out[static_cast<std::int32_t>(m_offsets->integer(0))] = m_offsets->integer(1);
    return out;
}

void MarketStore::forgetSecondsBefore(std::int64_t before) { m_forget->bind(1, before).execute(); }

MarketQueries::MarketQueries(const std::string& path) : m_db(path, SqliteDatabase::Mode::ReadOnly) {
    m_symbols = m_db.prepare("SELECT DISTINCT symbol FROM candles WHERE interval = '1h' ORDER BY symbol");
    m_newestHour = m_db.prepare("SELECT MAX(start) FROM candles WHERE symbol = ?1 AND interval = '1h'");
    m_session = m_db.prepare(std::string("SELECT ") + kColumns +
                             " FROM candles WHERE symbol = ?1 AND interval = '1h' AND start >= ?2 AND start < ?3"
                             " ORDER BY start");
    m_previousClose = m_db.prepare("SELECT close FROM candles WHERE symbol = ?1 AND interval = '1h' AND start < ?2 "
                                   "ORDER BY start DESC LIMIT 1");
    m_newestSecond = m_db.prepare("SELECT close, start FROM candles WHERE symbol = ?1 AND interval = '1s' "
                                  "ORDER BY start DESC LIMIT 1");
    m_knows = m_db.prepare("SELECT 1 FROM candles WHERE symbol = ?1 LIMIT 1");
    m_candles = m_db.prepare(std::string("SELECT ") + kColumns +
                             " FROM candles WHERE symbol = ?1 AND interval = ?2 AND start >= ?3 AND start <= ?4"
                             " ORDER BY start DESC LIMIT ?5");
}

std::optional<StockQueries::Stock> MarketQueries::summarise(const std::string& symbol) {
    m_newestHour->bind(1, symbol);
    const bool any = m_newestHour->next() && !m_newestHour->isNull(0);
    const std::int64_t newest = any ? m_newestHour->integer(0) : 0;
    m_newestHour->reset();
    if (!any)
        return std::nullopt;
    Stock stock{symbol, {}};
    SessionStats& s = stock.stats;
    s.day = newest / kDayMs;
    m_session->bind(1, symbol).bind(2, s.day * kDayMs).bind(3, (s.day + 1) * kDayMs);
    bool first = true;
    while (m_session->next()) {
        const Candle c = readCandleRow(*m_session);
        if (first) {
            s.open = s.high = s.low = c.open;
            s.openTs = c.start;
            first = false;
        }
        s.high = std::max(s.high, c.high);
        s.low = std::min(s.low, c.low);
        s.last = c.close;
        s.volume += c.volume;
        s.count += c.count;
    }
    m_previousClose->bind(1, symbol).bind(2, s.day * kDayMs);
    if (m_previousClose->next()) {
        s.previousClose = Price::fromTicks(m_previousClose->integer(0));
        m_previousClose->reset();
    }
    s.lastTs = newest;
    // Forming candles are published at a limited rate per interval, so the newest 1-second
    // candle is fresher than the hour's: it gives the last price (once it is in this session).
    m_newestSecond->bind(1, symbol);
    if (m_newestSecond->next()) {
        const std::int64_t start = m_newestSecond->integer(1);
        if (start / kDayMs == s.day && start >= newest) {
            s.last = Price::fromTicks(m_newestSecond->integer(0));
            s.high = std::max(s.high, s.last);
            s.low = std::min(s.low, s.last);
            s.lastTs = start;
        }
        m_newestSecond->reset();
    }
    return stock;
}

std::vector<StockQueries::Stock> MarketQueries::stocks() {
    const std::lock_guard lock(m_mutex);
    std::vector<std::string> symbols;
    while (m_symbols->next())
        symbols.emplace_back(m_symbols->text(0));
    std::vector<Stock> out;
    for (const auto& symbol : symbols)
        if (auto stock = summarise(symbol))
            out.push_back(std::move(*stock));
    return out;
}

std::optional<StockQueries::Stock> MarketQueries::stock(const std::string& symbol) {
    const std::lock_guard lock(m_mutex);
    return summarise(symbol);
}

bool MarketQueries::knows(const std::string& symbol) {
    const std::lock_guard lock(m_mutex);
    m_knows->bind(1, symbol);
    const bool found = m_knows->next();
    m_knows->reset();
    return found;
}

std::vector<Candle> MarketQueries::candles(const std::string& symbol, const CandleQuery& query) {
    const std::lock_guard lock(m_mutex);
    m_candles->bind(1, symbol)
        .bind(2, intervalName(query.interval))
        .bind(3, query.from.value_or(std::numeric_limits<std::int64_t>::min()))
        .bind(4, query.to.value_or(std::numeric_limits<std::int64_t>::max()))
        .bind(5, std::int64_t{query.limit});
    std::vector<Candle> out;
    while (m_candles->next())
        out.push_back(readCandleRow(*m_candles));
    std::reverse(out.begin(), out.end());
    return out;
}

} // namespace kse
