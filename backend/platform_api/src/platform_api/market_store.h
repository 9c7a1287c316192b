#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "contract/aggregate_message.h"
#include "domain/result.h"
#include "stocks/stock_queries.h"
#include "store/sqlite_database.h"

namespace kse {

// The platform's own view of `stock-aggregates` ("Market DB"): the newest version of every
// candle, and the next offset of each partition, written in one transaction. Reading it answers
// prices and candles without asking the aggregator.
class MarketStore {
public:
    struct Batch {
        std::vector<AggregateMessage> candles;
        std::map<std::int32_t, std::int64_t> offsets; // partition → next offset to read
    };

    explicit MarketStore(const std::string& path);

    void write(const Batch& batch);
    std::map<std::int32_t, std::int64_t> offsets();
    // Drops 1-second candles that started before `before` (they pile up at 86,400 a day).
    void forgetSecondsBefore(std::int64_t before);

private:
    SqliteDatabase m_db;
    std::unique_ptr<SqliteStatement> m_upsert, m_saveOffset, m_offsets, m_forget;
};

// The read side (its own connection; WAL lets it read while the feed writes; safe on any thread). A symbol's
// session is the UTC day of its newest hourly candle: open, high, low, volume and count over
// that day's hourly candles, the previous close from the last hourly candle before it, the
// last price from the newest 1-second candle.
class MarketQueries : public StockQueries {
public:
    explicit MarketQueries(const std::string& path);

    std::vector<Stock> stocks() override;
    std::optional<Stock> stock(const std::string& symbol) override;
    bool knows(const std::string& symbol) override;
    std::vector<Candle> candles(const std::string& symbol, const CandleQuery& query) override;

private:
    std::optional<Stock> summarise(const std::string& symbol);
    std::mutex m_mutex; // one connection; asked from the HTTP threads and the order path at once
    SqliteDatabase m_db;
    std::unique_ptr<SqliteStatement> m_symbols, m_newestHour, m_session, m_previousClose, m_newestSecond, m_knows,
        m_candles;
};

} // namespace kse
