#include "order_processor/partition_books.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

namespace kse {
namespace {

constexpr std::string_view kMagic = "KSE-BOOKS-1";

// Fixed-width little-endian integers and length-prefixed strings: a compact, versioned form for
// the snapshots in SQLite. (All our machines are little-endian; the check keeps that honest.)
static_assert(std::endian::native == std::endian::little);

class ByteWriter {
public:
    void integer(std::int64_t value) { m_out.append(reinterpret_cast<const char*>(&value), sizeof value); }
    void text(std::string_view value) {
        integer(static_cast<std::int64_t>(value.size()));
        m_out.append(value);
    }
    std::string take() { return std::move(m_out); }

private:
    std::string m_out;
};

class ByteReader {
public:
    explicit ByteReader(std::string_view in) : m_in(in) {}
    std::int64_t integer() {
        need(sizeof(std::int64_t));
        std::int64_t value = 0;
        std::memcpy(&value, m_in.data() + m_pos, sizeof value);
        m_pos += sizeof value;
        return value;
    }
    std::size_t count() {
        const std::int64_t n = integer();
        if (n < 0 || static_cast<std::size_t>(n) > m_in.size())
            throw std::runtime_error("order book snapshot: bad count");
        return static_cast<std::size_t>(n);
    }
    std::string text() {
        const std::size_t n = count();
        need(n);
        std::string value(m_in.substr(m_pos, n));
        m_pos += n;
        return value;
    }
    bool done() const { return m_pos == m_in.size(); }

private:
    void need(std::size_t n) const {
        if (m_in.size() - m_pos < n)
            throw std::runtime_error("order book snapshot: truncated");
    }
    std::string_view m_in;
    std::size_t m_pos = 0;
};

// A resting order as the engine can have made it. The engine relies on these bounds (the
// decoder's limits keep its price·qty sums in range), so a damaged snapshot must not bring others in.
bool plausible(const OrderBook::RestingOrder& o) {
    return o.price > 0 && o.price <= kMaxOrderPriceTicks && o.qty > 0 && o.qty <= kMaxOrderQty && o.filled >= 0 &&
           o.filled < o.qty && o.notional >= 0 && o.notional <= o.filled * kMaxOrderPriceTicks;
}

bool terminal(OrderStatus status, OrderCommand::Kind request) {
    return status == OrderStatus::Filled || status == OrderStatus::Cancelled ||
           (status == OrderStatus::Rejected && request == OrderCommand::Kind::New);
}

} // namespace

PartitionBooks::Book::Book(PartitionBooks& owner, std::string symbolName)
    // Engine ids are never reused and cancels of finished orders are answered here, so the
    // engine need not remember finished ids (its fastest configuration).
    : symbol(std::move(symbolName)), engine(OrderBook::Listeners{&owner, &owner, nullptr}, 0) {}

PartitionBooks::PartitionBooks(std::size_t rememberedFinished) : m_rememberedFinished(rememberedFinished) {}

PartitionBooks::Book& PartitionBooks::bookFor(const std::string& symbol) {
    auto it = m_books.find(symbol);
    if (it == m_books.end())
        it = m_books.emplace(symbol, std::make_unique<Book>(*this, symbol)).first;
    return *it->second;
}

UserId PartitionBooks::userIdFor(const std::string& user) {
    const auto [it, added] = m_userIds.try_emplace(user, m_userNames.size() + 1);
    if (added)
        m_userNames.push_back(user);
    return it->second;
}

void PartitionBooks::remember(std::string id) {
    m_finished.insert(id);
    m_finishedOrder.push_back(std::move(id));
    if (m_finishedOrder.size() > m_rememberedFinished) {
        m_finished.erase(m_finishedOrder.front());
        m_finishedOrder.pop_front();
    }
}

void PartitionBooks::refuse(const OrderCommand& command, std::string_view reason) {
    OrderUpdate update;
    update.orderId = command.orderId;
    update.userId = command.userId;
    update.symbol = command.symbol;
    update.request = command.kind;
    update.status = OrderStatus::Rejected;
    update.remaining = command.kind == OrderCommand::Kind::New ? std::max<std::int64_t>(command.qty, 0) : 0;
    update.reason = std::string(reason);
    m_out->updates.push_back(std::move(update));
}

void PartitionBooks::apply(const OrderCommand& command, BookOutput& out) {
    m_out = &out;
    m_command = &command;
    const std::size_t first = out.updates.size();
    const auto live = m_live.find(command.orderId);
    if (command.kind == OrderCommand::Kind::New) {
        if (live != m_live.end() || m_finished.contains(command.orderId)) {
            refuse(command, reasons::kDuplicateId); // the first order with this id stands
        } else if (!command.refusal.empty()) {
            refuse(command, command.refusal);
            remember(command.orderId);
        } else {
            const OrderId id = m_nextEngineId++;
            m_live.emplace(command.orderId, LiveOrder{id, command.symbol});
            m_liveNames.emplace(id, command.orderId);
            NewOrder order{
                id, userIdFor(command.userId), command.side, command.type, command.tif, command.qty, command.price};
            bookFor(command.symbol).engine.submit(order);
        }
    } else if (live == m_live.end() || live->second.symbol != command.symbol) {
        refuse(command, m_finished.contains(command.orderId) ? reasons::kFinished : reasons::kUnknownOrder);
    } else {
        bookFor(command.symbol).engine.cancel(live->second.engineId, userIdFor(command.userId));
    }
    // Orders that ended are forgotten only now: the trades delivered after their events still
    // need their names.
    for (std::size_t i = first; i < out.updates.size(); ++i) {
        const OrderUpdate& update = out.updates[i];
        // A refused duplicate names an order that stands: leave that one alone.
        if (!terminal(update.status, update.request) || update.reason == reasons::kDuplicateId)
            continue;
        const auto it = m_live.find(update.orderId);
        if (it == m_live.end())
            continue;
        m_liveNames.erase(it->second.engineId);
        m_live.erase(it);
        remember(update.orderId);
    }
    m_out = nullptr;
    m_command = nullptr;
}

void PartitionBooks::onOrderEvent(const OrderEvent& event) {
    OrderUpdate update;
    update.orderId = m_liveNames.at(event.id);
    update.userId = m_userNames.at(event.user - 1);
    update.symbol = m_command->symbol;
    update.request = m_command->kind;
    update.status = event.status;
    update.filled = event.filled;
    update.remaining = event.remaining;
    update.notional = event.notional;
    update.lastQty = event.lastQty;
    update.lastPrice = event.lastPrice;
    update.reason = std::string(event.reason);
    m_out->updates.push_back(std::move(update));
}

void PartitionBooks::onTrade(const Trade& trade) {
    TradeReport report;
    report.symbol = m_command->symbol;
    report.seq = trade.seq;
    report.tradeId = report.symbol + '-' + std::to_string(trade.seq);
    report.price = trade.price;
    report.qty = trade.qty;
    report.buyOrderId = m_liveNames.at(trade.buyOrder);
    report.sellOrderId = m_liveNames.at(trade.sellOrder);
    report.buyer = m_userNames.at(trade.buyer - 1);
    report.seller = m_userNames.at(trade.seller - 1);
    report.aggressor = trade.aggressor;
    m_out->trades.push_back(std::move(report));
}

const OrderBook* PartitionBooks::book(std::string_view symbol) const {
    const auto it = m_books.find(symbol);
    return it == m_books.end() ? nullptr : &it->second->engine;
}

std::vector<std::string> PartitionBooks::symbols() const {
    std::vector<std::string> out;
    for (const auto& [symbol, book] : m_books)
        out.push_back(symbol);
    return out;
}

std::string PartitionBooks::serialize() const {
    ByteWriter w;
    w.text(kMagic);
    w.integer(static_cast<std::int64_t>(m_nextEngineId));
    w.integer(static_cast<std::int64_t>(m_userNames.size()));
    for (const auto& name : m_userNames)
        w.text(name);
    w.integer(static_cast<std::int64_t>(m_finishedOrder.size()));
    for (const auto& id : m_finishedOrder)
        w.text(id);
    w.integer(static_cast<std::int64_t>(m_books.size()));
    for (const auto& [symbol, book] : m_books) {
        const OrderBook::State state = book->engine.state();
        w.text(symbol);
        w.integer(static_cast<std::int64_t>(state.seq));
        w.integer(static_cast<std::int64_t>(state.tradeSeq));
        w.integer(static_cast<std::int64_t>(state.maxId));
        w.integer(static_cast<std::int64_t>(state.orders.size()));
        for (const auto& o : state.orders) {
            w.text(m_liveNames.at(o.id));
            w.integer(static_cast<std::int64_t>(o.id));
            w.integer(static_cast<std::int64_t>(o.user));
            w.integer(o.side == Side::Buy ? 0 : 1);
            w.integer(o.price);
            w.integer(o.qty);
            w.integer(o.filled);
            w.integer(o.notional);
        }
    }
    return w.take();
}

// Accepts exactly what serialize() writes: anything else is a damaged snapshot, refused so that
// the service replays the partition instead of trading on a corrupt book.
void PartitionBooks::restore(std::string_view bytes) {
    if (!m_books.empty() || !m_userNames.empty() || !m_finishedOrder.empty())
        throw std::logic_error("PartitionBooks::restore needs a fresh instance");
    const auto bad = [](const char* what) { return std::runtime_error(std::string("order book snapshot: ") + what); };
    ByteReader r(bytes);
    if (r.text() != kMagic)
        throw bad("unknown format");
    const std::int64_t nextId = r.integer();
    if (nextId < 1)
        throw bad("bad next order id");
    m_nextEngineId = static_cast<OrderId>(nextId);
    for (std::size_t n = r.count(); n > 0; --n) {
        const std::size_t known = m_userNames.size();
        userIdFor(r.text());
        if (m_userNames.size() == known)
            throw bad("duplicate user");
    }
    const std::size_t finished = r.count();
    if (finished > m_rememberedFinished)
        throw bad("more finished ids than remembered");
    for (std::size_t n = finished; n > 0; --n) {
        std::string id = r.text();
        if (m_finished.contains(id))
            throw bad("duplicate finished id");
        remember(std::move(id));
    }
    for (std::size_t books = r.count(); books > 0; --books) {
        const std::string symbol = r.text();
        if (!m_books.empty() && symbol <= m_books.rbegin()->first)
            throw bad("books out of order");
        OrderBook::State state;
        state.seq = static_cast<std::uint64_t>(r.integer());
        state.tradeSeq = static_cast<std::uint64_t>(r.integer());
        state.maxId = static_cast<OrderId>(r.integer());
        if (state.maxId >= m_nextEngineId)
            throw bad("bad largest order id");
        for (std::size_t n = r.count(); n > 0; --n) {
            std::string name = r.text();
            OrderBook::RestingOrder o;
            o.id = static_cast<OrderId>(r.integer());
            o.user = static_cast<UserId>(r.integer());
            const std::int64_t side = r.integer();
            o.side = side == 0 ? Side::Buy : Side::Sell;
            o.price = r.integer();
            o.qty = r.integer();
            o.filled = r.integer();
            o.notional = r.integer();
            if (o.user == 0 || o.user > m_userNames.size())
                throw bad("unknown user");
            if (o.id == 0 || o.id > state.maxId || (side != 0 && side != 1) || !plausible(o))
                throw bad("implausible order");
            if (m_finished.contains(name) || !m_live.emplace(name, LiveOrder{o.id, symbol}).second ||
                !m_liveNames.emplace(o.id, std::move(name)).second)
                throw bad("duplicate order");
            state.orders.push_back(o);
        }
        OrderBook& engine = bookFor(symbol).engine;
        engine.restore(state);
        // The engine keeps price levels in price order and each level in time order.
        if (engine.state() != state)
            throw bad("orders out of order");
    }
    if (!r.done())
        throw bad("trailing bytes");
}

} // namespace kse
