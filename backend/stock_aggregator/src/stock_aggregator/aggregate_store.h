#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kafka/topic_partition_offset.h"
#include "stock_aggregator/candle_aggregator.h"
#include "store/sqlite_database.h"

namespace kse {

// The aggregator's "Stocks DB": candles, session statistics and the consumed offsets, always
// written in one transaction, so that what is stored and where to resume never disagree.
class AggregateStore {
public:
    struct Batch {
        std::vector<CandleAggregator::CandleChange> candles;
        std::vector<CandleAggregator::StatsChange> stats;
        std::vector<TopicPartitionOffset> offsets;                   // next offset to read
        std::vector<std::pair<std::string, std::int64_t>> forgotten; // symbol, from: being rebuilt
        bool empty() const { return candles.empty() && stats.empty() && offsets.empty() && forgotten.empty(); }
        void clear();
    };
    using Offsets = std::map<std::pair<std::string, std::int32_t>, std::int64_t>;

    explicit AggregateStore(const std::string& path);

    void write(const Batch& batch);
    Offsets offsets();
    // Puts the newest `kept` candles of every symbol that is `wanted`, per interval, and its
    // statistics back.
    void loadInto(CandleAggregator& aggregator, int kept, const std::function<bool(std::string_view)>& wanted);

private:
    SqliteDatabase m_db;
    std::unique_ptr<SqliteStatement> m_upsertCandle;
    std::unique_ptr<SqliteStatement> m_upsertStats;
    std::unique_ptr<SqliteStatement> m_upsertOffset;
    std::unique_ptr<SqliteStatement> m_forgetCandles;
    std::unique_ptr<SqliteStatement> m_forgetStats;
};

// Row readers shared by the store and the queries; the columns, from `first` on, are in the
// order these name.
inline constexpr const char* kCandleColumns =
    "start, open, high, low, close, open_ts, close_ts, volume, notional, count, final";
inline constexpr const char* kStatsColumns =
    "day, open, high, low, last, open_ts, last_ts, volume, count, previous_close";
Candle readCandle(const SqliteStatement& row, int first);
SessionStats readStats(const SqliteStatement& row, int first);

std::string int128ToString(Int128 value);
Int128 int128FromString(std::string_view text);

} // namespace kse
