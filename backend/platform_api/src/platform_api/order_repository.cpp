#include "platform_api/order_repository.h"

namespace kse {
namespace {

constexpr const char* kColumns =
    "order_id, user_id, symbol, side, order_type, tif, qty, price, status, filled, notional, reason, cancel_refusal, "
    "reserved_price, reserved_cash, reserved_shares, settled, created, updated";

} // namespace

OrderRepository::OrderRepository(SqliteDatabase& db) : m_db(db) {
    m_db.exec(R"(
        CREATE TABLE IF NOT EXISTS orders (
            order_id TEXT PRIMARY KEY, user_id INTEGER NOT NULL, symbol TEXT NOT NULL, side TEXT NOT NULL,
            order_type TEXT NOT NULL, tif TEXT NOT NULL, qty INTEGER NOT NULL, price INTEGER NOT NULL,
            status TEXT NOT NULL, filled INTEGER NOT NULL, notional INTEGER NOT NULL, reason TEXT NOT NULL,
            cancel_refusal TEXT NOT NULL, reserved_price INTEGER NOT NULL, reserved_cash INTEGER NOT NULL,
            reserved_shares INTEGER NOT NULL, settled INTEGER NOT NULL, created INTEGER NOT NULL,
            updated INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS orders_by_user ON orders (user_id, created);
        CREATE TABLE IF NOT EXISTS settled_trades (trade_id TEXT PRIMARY KEY, ts INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS fills (
            trade_id TEXT NOT NULL, order_id TEXT NOT NULL, user_id INTEGER NOT NULL, symbol TEXT NOT NULL,
            side TEXT NOT NULL, price INTEGER NOT NULL, qty INTEGER NOT NULL, ts INTEGER NOT NULL,
            PRIMARY KEY (trade_id, order_id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS fills_by_user ON fills (user_id, ts);
        CREATE TABLE IF NOT EXISTS last_prices (
            symbol TEXT PRIMARY KEY, price INTEGER NOT NULL, ts INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS offsets (
            topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL,
            PRIMARY KEY (topic, partition)) WITHOUT ROWID;
    )");
    m_insert =
        m_db.prepare(std::string("INSERT INTO orders (") + kColumns +
                     ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)");
    m_update = m_db.prepare("UPDATE orders SET status = ?9, filled = ?10, notional = ?11, reason = ?12, "
                            "cancel_refusal = ?13, reserved_price = ?14, reserved_cash = ?15, reserved_shares = ?16, "
                            "settled = ?17, updated = ?19 WHERE order_id = ?1");
    m_find = m_db.prepare(std::string("SELECT ") + kColumns + " FROM orders WHERE order_id = ?1");
    m_ofUser = m_db.prepare(std::string("SELECT ") + kColumns +
                            " FROM orders WHERE user_id = ?1 ORDER BY created DESC, order_id DESC LIMIT ?2");
    m_ofUserWithStatus = m_db.prepare(std::string("SELECT ") + kColumns +
                                      " FROM orders WHERE user_id = ?1 AND status = ?3 "
                                      "ORDER BY created DESC, order_id DESC LIMIT ?2");
    m_ofUserOpen =
        m_db.prepare(std::string("SELECT ") + kColumns +
                     " FROM orders WHERE user_id = ?1 AND status IN ('pending', 'accepted', 'partially_filled') "
                     "ORDER BY created DESC, order_id DESC LIMIT ?2");
    m_settled = m_db.prepare("INSERT OR IGNORE INTO settled_trades VALUES (?1, ?2) RETURNING trade_id");
    m_isSettled = m_db.prepare("SELECT 1 FROM settled_trades WHERE trade_id = ?1");
    m_offsets = m_db.prepare("SELECT topic, partition, next_offset FROM offsets");
    m_pending =
        m_db.prepare(std::string("SELECT ") + kColumns + " FROM orders WHERE status = 'pending' ORDER BY created");
    m_saveOffset = m_db.prepare("INSERT OR REPLACE INTO offsets VALUES (?1, ?2, ?3)");
    m_saveLastPrice = m_db.prepare("INSERT INTO last_prices VALUES (?1, ?2, ?3) ON CONFLICT (symbol) DO UPDATE "
                                   "SET price = ?2, ts = ?3 WHERE ?3 >= ts");
    m_lastPrice = m_db.prepare("SELECT price, ts FROM last_prices WHERE symbol = ?1");
    m_recordFill = m_db.prepare("INSERT OR IGNORE INTO fills VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    constexpr const char* kFillColumns = "SELECT trade_id, order_id, user_id, symbol, side, price, qty, ts FROM fills ";
    m_fillsOfUser = m_db.prepare(std::string(kFillColumns) +
                                 "WHERE user_id = ?1 ORDER BY ts DESC, trade_id DESC, order_id DESC LIMIT ?2");
    m_fillsOfUserSymbol =
        m_db.prepare(std::string(kFillColumns) +
                     "WHERE user_id = ?1 AND symbol = ?3 ORDER BY ts DESC, trade_id DESC, order_id DESC LIMIT ?2");
}

// Binds every column by its number; the update uses the ones it names.
void OrderRepository::bindAll(SqliteStatement& s, const PlatformOrder& o) {
    s.bind(1, o.id)
        .bind(2, o.userId)
        .bind(3, o.symbol)
        .bind(4, sideName(o.side))
        .bind(5, orderTypeName(o.type))
        .bind(6, timeInForceName(o.tif))
        .bind(7, o.qty)
        .bind(8, o.price.ticks())
        .bind(9, statusName(o.status))
        .bind(10, o.filled)
        .bind(11, o.notional.ticks())
        .bind(12, o.reason)
        .bind(13, o.cancelRefusal)
        .bind(14, o.reservation.price.ticks())
        .bind(15, o.reservation.cash.ticks())
        .bind(16, o.reservation.shares)
        .bind(17, o.reservation.settled)
        .bind(18, o.created)
        .bind(19, o.updated);
}

void OrderRepository::insert(const PlatformOrder& order) {
    bindAll(*m_insert, order);
    m_insert->execute();
}

void OrderRepository::update(const PlatformOrder& order) {
    bindAll(*m_update, order);
    m_update->execute();
}

PlatformOrder OrderRepository::read(const SqliteStatement& row) {
    PlatformOrder o;
    o.id = row.text(0);
    o.userId = row.integer(1);
    o.symbol = row.text(2);
    // The Users DB holds only what this service wrote with the names below.
    o.side = parseSide(row.text(3)).value_or(Side::Buy);
    o.type = parseOrderType(row.text(4)).value_or(OrderType::Limit);
    o.tif = parseTimeInForce(row.text(5)).value_or(TimeInForce::Gtc);
    o.qty = row.integer(6);
    o.price = Price::fromTicks(row.integer(7));
    o.status = parseStatus(row.text(8)).value_or(OrderStatus::Pending);
    o.filled = row.integer(9);
    o.notional = Money::fromTicks(row.integer(10));
    o.reason = row.text(11);
    o.cancelRefusal = row.text(12);
    o.reservation.side = o.side;
    o.reservation.symbol = o.symbol;
    o.reservation.qty = o.qty;
    o.reservation.price = Price::fromTicks(row.integer(13));
    o.reservation.cash = Money::fromTicks(row.integer(14));
    o.reservation.shares = row.integer(15);
    o.reservation.settled = row.integer(16);
    o.created = row.integer(17);
    o.updated = row.integer(18);
    return o;
}

std::optional<PlatformOrder> OrderRepository::find(const std::string& orderId) {
    m_find->bind(1, orderId);
    if (!m_find->next())
        return std::nullopt;
    PlatformOrder order = read(*m_find);
    m_find->reset();
    return order;
}

std::vector<PlatformOrder> OrderRepository::ofUser(std::int64_t userId, const std::optional<std::string>& status,
                                                   int limit) {
    const bool open = status == "open";
    SqliteStatement& query = open ? *m_ofUserOpen : status ? *m_ofUserWithStatus : *m_ofUser;
    query.bind(1, userId).bind(2, std::int64_t{limit});
    if (status && !open)
        query.bind(3, *status);
    std::vector<PlatformOrder> out;
    while (query.next())
        out.push_back(read(query));
    return out;
}

std::vector<PlatformOrder> OrderRepository::pending() {
    std::vector<PlatformOrder> out;
    while (m_pending->next())
        out.push_back(read(*m_pending));
    return out;
}

bool OrderRepository::isSettled(const std::string& tradeId) {
    m_isSettled->bind(1, tradeId);
    const bool found = m_isSettled->next();
    if (found)
        m_isSettled->reset();
    return found;
}

bool OrderRepository::markSettled(const std::string& tradeId, std::int64_t ts) {
    m_settled->bind(1, tradeId).bind(2, ts);
    const bool inserted = m_settled->next(); // RETURNING yields a row only for a new id
    if (inserted)
        m_settled->reset();
    return inserted;
}

void OrderRepository::recordFill(const Fill& f) {
    m_recordFill->bind(1, f.tradeId)
        .bind(2, f.orderId)
        .bind(3, f.userId)
        .bind(4, f.symbol)
        .bind(5, sideName(f.side))
        .bind(6, f.price)
        .bind(7, f.qty)
        .bind(8, f.ts)
        .execute();
}

std::vector<OrderRepository::Fill> OrderRepository::fillsOfUser(std::int64_t userId,
                                                                const std::optional<std::string>& symbol, int limit) {
    SqliteStatement& query = symbol ? *m_fillsOfUserSymbol : *m_fillsOfUser;
    query.bind(1, userId).bind(2, std::int64_t{limit});
    if (symbol)
        query.bind(3, *symbol);
    std::vector<Fill> out;
    while (query.next())
        out.push_back(Fill{std::string(query.text(0)), std::string(query.text(1)), query.integer(2),
                           std::string(query.text(3)), query.text(4) == "buy" ? Side::Buy : Side::Sell,
                           query.integer(5), query.integer(6), query.integer(7)});
    return out;
}

void OrderRepository::saveLastPrice(const std::string& symbol, std::int64_t price, std::int64_t ts) {
    m_saveLastPrice->bind(1, symbol).bind(2, price).bind(3, ts).execute();
}

std::optional<OrderRepository::LastPrice> OrderRepository::lastPrice(const std::string& symbol) {
    m_lastPrice->bind(1, symbol);
    if (!m_lastPrice->next())
        return std::nullopt;
    const LastPrice last{m_lastPrice->integer(0), m_lastPrice->integer(1)};
    m_lastPrice->reset();
    return last;
}

OrderRepository::Offsets OrderRepository::offsets() {
    Offsets out;
    while (m_offsets->next())
        out[{std::string(m_offsets->text(0)), static_cast<std::int32_t>(m_offsets->integer(1))}] =
            m_offsets->integer(2);
    return out;
}

void OrderRepository::saveOffset(const std::string& topic, std::int32_t partition, std::int64_t nextOffset) {
    m_saveOffset->bind(1, topic).bind(2, std::int64_t{partition}).bind(3, nextOffset).execute();
}

} // namespace kse
