#include "stock_aggregator/aggregate_queries.h"

#include <algorithm>
#include <limits>

#include "stock_aggregator/aggregate_store.h"

namespace kse {
namespace {
constexpr const char* kStockColumns =
    "symbol, day, open, high, low, last, open_ts, last_ts, volume, count, previous_close";
}

AggregateQueries::AggregateQueries(const std::string& path) : m_db(path, SqliteDatabase::Mode::ReadOnly) {
    m_stocks = m_db.prepare(std::string("SELECT ") + kStockColumns + " FROM stats ORDER BY symbol");
    m_stock = m_db.prepare(std::string("SELECT ") + kStockColumns + " FROM stats WHERE symbol = ?1");
    m_knows = m_db.prepare("SELECT 1 FROM stats WHERE symbol = ?1 UNION ALL "
                           "SELECT 1 FROM candles WHERE symbol = ?1 LIMIT 1");
    m_candles = m_db.prepare("SELECT start, open, high, low, close, open_ts, close_ts, volume, notional, count, final "
                             "FROM candles WHERE symbol = ?1 AND interval = ?2 AND start >= ?3 AND start <= ?4 "
                             "ORDER BY start DESC LIMIT ?5");
}

AggregateQueries::Stock AggregateQueries::readStock(SqliteStatement& row) {
    Stock stock;
    stock.symbol = std::string(row.text(0));
    SessionStats& s = stock.stats;
    s.day = row.integer(1);
    s.open = Price::fromTicks(row.integer(2));
    s.high = Price::fromTicks(row.integer(3));
    s.low = Price::fromTicks(row.integer(4));
    s.last = Price::fromTicks(row.integer(5));
    s.openTs = row.integer(6);
    s.lastTs = row.integer(7);
    s.volume = row.integer(8);
    s.count = row.integer(9);
    if (!row.isNull(10))
        s.previousClose = Price::fromTicks(row.integer(10));
    return stock;
}

std::vector<AggregateQueries::Stock> AggregateQueries::stocks() {
    std::vector<Stock> out;
    while (m_stocks->next())
        out.push_back(readStock(*m_stocks));
    return out;
}

std::optional<AggregateQueries::Stock> AggregateQueries::stock(const std::string& symbol) {
    m_stock->bind(1, symbol);
    std::optional<Stock> out;
    if (m_stock->next()) {
        out = readStock(*m_stock);
        m_stock->reset();
    }
    return out;
}

bool AggregateQueries::knows(const std::string& symbol) {
    m_knows->bind(1, symbol);
    const bool found = m_knows->next();
    m_knows->reset();
    return found;
}

std::vector<Candle> AggregateQueries::candles(const std::string& symbol, const CandleQuery& query) {
    m_candles->bind(1, symbol)
        .bind(2, intervalName(query.interval))
        .bind(3, query.from.value_or(std::numeric_limits<std::int64_t>::min()))
        .bind(4, query.to.value_or(std::numeric_limits<std::int64_t>::max()))
        .bind(5, std::int64_t{query.limit});
    std::vector<Candle> out;
    while (m_candles->next()) {
        Candle c;
        c.start = m_candles->integer(0);
        c.open = Price::fromTicks(m_candles->integer(1));
        c.high = Price::fromTicks(m_candles->integer(2));
        c.low = Price::fromTicks(m_candles->integer(3));
        c.close = Price::fromTicks(m_candles->integer(4));
        c.openTs = m_candles->integer(5);
        c.closeTs = m_candles->integer(6);
        c.volume = m_candles->integer(7);
        c.notional = int128FromString(m_candles->text(8));
        c.count = m_candles->integer(9);
        c.final = m_candles->integer(10) != 0;
        out.push_back(c);
    }
    std::reverse(out.begin(), out.end());
    return out;
}

} // namespace kse
