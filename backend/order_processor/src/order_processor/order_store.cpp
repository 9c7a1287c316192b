#include "order_processor/order_store.h"

namespace kse {

OrderStore::OrderStore(const std::string& path) : m_db(path) {
    m_db.exec(R"(
        CREATE TABLE IF NOT EXISTS book_snapshots (
            topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL, state BLOB NOT NULL,
            PRIMARY KEY (topic, partition)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS trades (
            trade_id TEXT PRIMARY KEY, symbol TEXT NOT NULL, seq INTEGER NOT NULL,
            price INTEGER NOT NULL, qty INTEGER NOT NULL, buy_order_id TEXT NOT NULL, sell_order_id TEXT NOT NULL,
            buyer TEXT NOT NULL, seller TEXT NOT NULL, aggressor TEXT NOT NULL, ts INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS trades_by_symbol ON trades (symbol, seq);
    )");
    m_insertTrade = m_db.prepare("INSERT OR IGNORE INTO trades VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    m_upsertSnapshot = m_db.prepare("INSERT OR REPLACE INTO book_snapshots VALUES (?1, ?2, ?3, ?4)");
    m_selectSnapshot =
        m_db.prepare("SELECT next_offset, state FROM book_snapshots WHERE topic = ?1 AND partition = ?2");
}

std::optional<OrderStore::Snapshot> OrderStore::snapshot(const std::string& topic, std::int32_t partition) {
    m_selectSnapshot->bind(1, topic).bind(2, std::int64_t{partition});
    if (!m_selectSnapshot->next())
        return std::nullopt;
    Snapshot out{m_selectSnapshot->integer(0), std::string(m_selectSnapshot->blob(1))};
    m_selectSnapshot->reset();
    return out;
}

void OrderStore::write(const std::vector<StoredTrade>& trades, const std::string& topic,
                       const std::vector<PartitionSnapshot>& snapshots) {
    if (trades.empty() && snapshots.empty())
        return;
    SqliteTransaction transaction(m_db);
    for (const auto& [t, ts] : trades)
        m_insertTrade->bind(1, t.tradeId)
            .bind(2, t.symbol)
            .bind(3, static_cast<std::int64_t>(t.seq))
            .bind(4, t.price)
            .bind(5, t.qty)
            .bind(6, t.buyOrderId)
            .bind(7, t.sellOrderId)
            .bind(8, t.buyer)
            .bind(9, t.seller)
            .bind(10, sideName(t.aggressor))
            .bind(11, ts)
            .execute();
    for (const auto& s : snapshots)
        m_upsertSnapshot->bind(1, topic)
            .bind(2, std::int64_t{s.partition})
            .bind(3, s.snapshot.nextOffset)
            .bindBlob(4, s.snapshot.state)
            .execute();
    transaction.commit();
}

TradeQueries::TradeQueries(const std::string& path) : m_db(path, SqliteDatabase::Mode::ReadOnly) {
    m_trades = m_db.prepare("SELECT trade_id, symbol, seq, price, qty, buy_order_id, sell_order_id, buyer, seller, "
                            "aggressor, ts FROM trades WHERE symbol = ?1 ORDER BY seq DESC LIMIT ?2");
}

std::vector<OrderStore::StoredTrade> TradeQueries::trades(const std::string& symbol, int limit) {
    std::vector<OrderStore::StoredTrade> out;
    m_trades->bind(1, symbol).bind(2, std::int64_t{limit});
    while (m_trades->next()) {
        OrderStore::StoredTrade row;
        TradeReport& t = row.trade;
        t.tradeId = m_trades->text(0);
        t.symbol = m_trades->text(1);
        t.seq = static_cast<std::uint64_t>(m_trades->integer(2));
        t.price = m_trades->integer(3);
        t.qty = m_trades->integer(4);
        t.buyOrderId = m_trades->text(5);
        t.sellOrderId = m_trades->text(6);
        t.buyer = m_trades->text(7);
        t.seller = m_trades->text(8);
        t.aggressor = parseSide(m_trades->text(9)).value_or(Side::Buy); // written by sideName above
        row.ts = m_trades->integer(10);
        out.push_back(std::move(row));
    }
    return out;
}

} // namespace kse
