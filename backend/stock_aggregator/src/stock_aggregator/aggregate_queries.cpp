#include "stock_aggregator/aggregate_queries.h"

#include <algorithm>
#include <limits>

#include "stock_aggregator/aggregate_store.h"

namespace kse {
AggregateQueries::AggregateQueries(const std::string& path) : m_db(path, SqliteDatabase::Mode::ReadOnly) {
    m_stocks = m_db.prepare(std::string("SELECT symbol, ") + kStatsColumns + " FROM stats ORDER BY symbol");
    m_stock = m_db.prepare(std::string("SELECT symbol, ") + kStatsColumns + " FROM stats WHERE symbol = ?1");
    m_knows = m_db.prepare("SELECT 1 FROM stats WHERE symbol = ?1 UNION ALL "
                           "SELECT 1 FROM candles WHERE symbol = ?1 LIMIT 1");
    m_candles = m_db.prepare(std::string("SELECT ") + kCandleColumns +
                             " FROM candles WHERE symbol = ?1 AND interval = ?2 AND start >= ?3 AND start <= ?4"
                             " ORDER BY start DESC LIMIT ?5");
}

AggregateQueries::Stock AggregateQueries::readStock(SqliteStatement& row) {
    return Stock{std::string(row.text(0)), readStats(row, 1)};
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
    while (m_candles->next())
        out.push_back(readCandle(*m_candles, 0));
    std::reverse(out.begin(), out.end());
    return out;
}

} // namespace kse
