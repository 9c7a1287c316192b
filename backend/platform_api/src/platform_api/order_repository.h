#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform_api/platform_order.h"
#include "store/sqlite_database.h"

namespace kse {

// The platform's orders, the trades already settled and the consumed offsets, in the Users DB
// beside the accounts (the same connection, so one transaction covers an order, its account,
// the trade id and the offset).
class OrderRepository {
public:
    // One execution of one of a user's orders: a trade, seen from that order's side.
    struct Fill {
        std::string tradeId, orderId;
        std::int64_t userId = 0;
        std::string symbol;
        Side side = Side::Buy;
        std::int64_t price = 0, qty = 0, ts = 0; // ticks; ms since the epoch
        bool operator==(const Fill&) const = default;
    };
    using Offsets = std::map<std::pair<std::string, std::int32_t>, std::int64_t>;

    explicit OrderRepository(SqliteDatabase& db);

    void insert(const PlatformOrder& order);
    void update(const PlatformOrder& order);
    std::optional<PlatformOrder> find(const std::string& orderId);
    // A user's orders, newest first; `status` filters when given ("open": not finished yet).
    std::vector<PlatformOrder> ofUser(std::int64_t userId, const std::optional<std::string>& status, int limit);

    // Every order no answer of the exchange has reached yet.
    std::vector<PlatformOrder> pending();

    // Records a trade id; false when it was settled before.
    bool markSettled(const std::string& tradeId, std::int64_t ts);
    bool isSettled(const std::string& tradeId);
    // A user's executions, newest first, of one symbol when given.
    void recordFill(const Fill& fill);
    std::vector<Fill> fillsOfUser(std::int64_t userId, const std::optional<std::string>& symbol, int limit);

    // The last traded price of each symbol, for the collar of market buys.
    void saveLastPrice(const std::string& symbol, std::int64_t price, std::int64_t ts);
    struct LastPrice {
        std::int64_t price = 0;
        std::int64_t ts = 0;
    };
    std::optional<LastPrice> lastPrice(const std::string& symbol);

    Offsets offsets();
    void saveOffset(const std::string& topic, std::int32_t partition, std::int64_t nextOffset);

private:
    static PlatformOrder read(const SqliteStatement& row);
    void bindAll(SqliteStatement& statement, const PlatformOrder& order);

    SqliteDatabase& m_db;
    std::unique_ptr<SqliteStatement> m_insert, m_update, m_find, m_ofUser, m_ofUserWithStatus, m_ofUserOpen, m_settled,
        m_isSettled, m_offsets, m_saveOffset, m_saveLastPrice, m_lastPrice, m_pending, m_recordFill, m_fillsOfUser,
        m_fillsOfUserSymbol;
};

} // namespace kse
