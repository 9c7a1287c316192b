#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "order_processor/partition_books.h"
#include "store/sqlite_database.h"

namespace kse {

// The Orders DB, written by the order processor's worker: a snapshot of each partition's books
// with the offset it corresponds to, and every trade for the HTTP history.
class OrderStore {
public:
    struct Snapshot {
        std::int64_t nextOffset = 0; // the books hold every message before this one
        std::string state;           // PartitionBooks::serialize()
    };
    struct StoredTrade {
        TradeReport trade;
        std::int64_t ts = 0;
    };
    struct PartitionSnapshot {
        std::int32_t partition = 0;
        Snapshot snapshot;
    };

    explicit OrderStore(const std::string& path);

    std::optional<Snapshot> snapshot(const std::string& topic, std::int32_t partition);
    // Trades (a trade already stored is left as it is: its id is deterministic) and snapshots,
    // in one transaction.
    void write(const std::vector<StoredTrade>& trades, const std::string& topic,
               const std::vector<PartitionSnapshot>& snapshots);

private:
    SqliteDatabase m_db;
    std::unique_ptr<SqliteStatement> m_insertTrade, m_upsertSnapshot, m_selectSnapshot;
};

// Read-only questions to the Orders DB for the HTTP API (its own connection).
class TradeQueries {
public:
    explicit TradeQueries(const std::string& path);
    // The newest `limit` trades of a symbol, newest first.
    std::vector<OrderStore::StoredTrade> trades(const std::string& symbol, int limit);

private:
    SqliteDatabase m_db;
    std::unique_ptr<SqliteStatement> m_trades;
};

} // namespace kse
