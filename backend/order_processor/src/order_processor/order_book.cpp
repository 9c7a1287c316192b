#include "order_processor/order_book.h"

#include <algorithm>
#include <stdexcept>

namespace kse {
namespace {

bool crosses(Side incoming, std::int64_t limit, std::int64_t resting) {
    return incoming == Side::Buy ? resting <= limit : resting >= limit;
}

Side opposite(Side side) { return side == Side::Buy ? Side::Sell : Side::Buy; }

} // namespace

OrderBook::OrderBook(Listeners listeners, std::size_t rememberedFinished)
    : m_listeners(listeners), m_rememberedFinished(rememberedFinished) {
    m_orders.reserve(1 << 14);
}

std::string_view OrderBook::validate(const NewOrder& order) const {
    if (order.qty <= 0)
        return reasons::kBadQuantity;
    if (static_cast<std::uint8_t>(order.tif) > static_cast<std::uint8_t>(TimeInForce::Fok))
        return reasons::kUnknownTif;
    if (order.type == OrderType::Limit && order.price <= 0)
        return reasons::kLimitNeedsPrice;
    if (order.type == OrderType::Market && order.price != 0)
        return reasons::kMarketHasPrice;
    // Ids usually grow: one above every id seen cannot be a duplicate, and needs no lookup.
    if (order.id <= m_maxId && (m_live.contains(order.id) || m_finished.contains(order.id)))
        return reasons::kDuplicateId;
    return {};
}

void OrderBook::emit(const Order& order, OrderStatus status, std::int64_t lastQty, std::int64_t lastPrice,
                     std::string_view reason) {
    m_orderEvents.push_back(OrderEvent{order.id, order.user, status, order.filled, order.qty - order.filled, lastQty,
                                       lastPrice, order.notional, reason});
}

void OrderBook::emitRejected(OrderId id, UserId user, std::int64_t qty, std::string_view reason) {
    m_orderEvents.push_back(
        OrderEvent{id, user, OrderStatus::Rejected, 0, std::max<std::int64_t>(qty, 0), 0, 0, 0, reason});
}

std::uint32_t OrderBook::allocate(const NewOrder& order) {
    std::uint32_t index;
    if (!m_free.empty()) {
        index = m_free.back();
        m_free.pop_back();
    } else {
        index = static_cast<std::uint32_t>(m_orders.size());
        m_orders.emplace_back();
    }
    m_orders[index] = Order{order.id, order.user, order.price, order.qty, 0, 0, kNil, kNil, order.side};
    return index;
}

void OrderBook::release(std::uint32_t index) { m_free.push_back(index); }

void OrderBook::finish(OrderId id) {
    if (m_rememberedFinished == 0)
        return; // the service in front remembers finished ids itself
    m_finished.insert(id, 0);
    m_finishedOrder.push_back(id);
    if (m_finishedOrder.size() > m_rememberedFinished) {
        m_finished.erase(m_finishedOrder.front());
        m_finishedOrder.pop_front();
    }
}

OrderBook::PriceLevel* OrderBook::findLevel(Side side, std::int64_t price) {
    auto& levels = sideLevels(side);
    // Bids ascend and asks descend towards the back, where the touch is.
    const auto it = side == Side::Buy
                        ? std::lower_bound(levels.begin(), levels.end(), price,
                                           [](const PriceLevel& l, std::int64_t p) { return l.price < p; })
                        : std::lower_bound(levels.begin(), levels.end(), price,
                                           [](const PriceLevel& l, std::int64_t p) { return l.price > p; });
    return it != levels.end() && it->price == price ? &*it : nullptr;
}

void OrderBook::levelChanged(Side side, const PriceLevel& level) {
    for (auto& change : m_depthChanges) {
        if (change.side == side && change.price == level.price) {
            change.qty = level.qty;
            return;
        }
    }
    m_depthChanges.push_back({side, level.price, level.qty});
}

std::int64_t OrderBook::fillable(const NewOrder& order) const {
    const auto& levels = order.side == Side::Buy ? m_asks : m_bids;
    std::int64_t available = 0;
    for (auto level = levels.rbegin(); level != levels.rend() && available < order.qty; ++level) {
        if (order.type == OrderType::Limit && !crosses(order.side, order.price, level->price))
            break;
        for (std::uint32_t i = level->head; i != kNil && available < order.qty; i = m_orders[i].next) {
            if (m_orders[i].user == order.user)
                return available; // matching stops at the user's own order
            available += m_orders[i].qty - m_orders[i].filled;
        }
    }
    return available;
}

void OrderBook::unlink(std::uint32_t index) {
    Order& order = m_orders[index];
    PriceLevel* level = findLevel(order.side, order.price);
    if (order.prev != kNil)
        m_orders[order.prev].next = order.next;
    else
        level->head = order.next;
    if (order.next != kNil)
        m_orders[order.next].prev = order.prev;
    else
        level->tail = order.prev;
    level->qty -= order.qty - order.filled;
    levelChanged(order.side, *level);
    if (level->head == kNil) {
        auto& levels = sideLevels(order.side);
        levels.erase(levels.begin() + (level - levels.data()));
    }
}

void OrderBook::match(Order& incoming, OrderType type, bool& selfTrade) {
    auto& levels = sideLevels(opposite(incoming.side));
    const Side restingSide = opposite(incoming.side);
    while (incoming.filled < incoming.qty && !levels.empty()) {
        PriceLevel& level = levels.back();
        if (type == OrderType::Limit && !crosses(incoming.side, incoming.price, level.price))
            return;
        while (level.head != kNil && incoming.filled < incoming.qty) {
            const std::uint32_t restingIndex = level.head;
            Order& resting = m_orders[restingIndex];
            if (resting.user == incoming.user) {
                selfTrade = true;
                return;
            }
            const std::int64_t qty = std::min(incoming.qty - incoming.filled, resting.qty - resting.filled);
            const std::int64_t price = level.price;
            resting.filled += qty;
            resting.notional += qty * price;
            incoming.filled += qty;
            incoming.notional += qty * price;
            level.qty -= qty;
            const bool buy = incoming.side == Side::Buy;
            m_trades.push_back(Trade{++m_tradeSeq, price, qty, buy ? incoming.id : resting.id,
                                     buy ? resting.id : incoming.id, buy ? incoming.user : resting.user,
                                     buy ? resting.user : incoming.user, incoming.side});
            if (resting.filled == resting.qty) {
                emit(resting, OrderStatus::Filled, qty, price);
                level.head = resting.next;
                if (level.head != kNil)
                    m_orders[level.head].prev = kNil;
                else
                    level.tail = kNil;
                m_live.erase(resting.id);
                finish(resting.id);
                release(restingIndex);
            } else {
                emit(resting, OrderStatus::PartiallyFilled, qty, price); // keeps its place in the queue
            }
            emit(incoming, incoming.filled == incoming.qty ? OrderStatus::Filled : OrderStatus::PartiallyFilled, qty,
                 price);
        }
        levelChanged(restingSide, level);
        if (level.head == kNil)
            levels.pop_back();
    }
}

void OrderBook::rest(std::uint32_t index) {
    Order& order = m_orders[index];
    auto& levels = sideLevels(order.side);
    // Search from the touch: new orders mostly land near it.
    auto it = levels.end();
    while (it != levels.begin()) {
        const auto& before = *(it - 1);
        const bool behind = order.side == Side::Buy ? before.price > order.price : before.price < order.price;
        if (!behind)
            break;
        --it;
    }
    if (it != levels.begin() && (it - 1)->price == order.price) {
        PriceLevel& level = *(it - 1);
        order.prev = level.tail;
        m_orders[level.tail].next = index;
        level.tail = index;
        level.qty += order.qty - order.filled;
        levelChanged(order.side, level);
    } else {
        const auto at = levels.insert(it, PriceLevel{order.price, order.qty - order.filled, index, index});
        levelChanged(order.side, *at);
    }
    m_live.insert(order.id, index);
}

void OrderBook::submit(const NewOrder& request) {
    if (const auto refusal = validate(request); !refusal.empty()) {
        emitRejected(request.id, request.user, request.qty, refusal);
        deliver();
        return;
    }
    const std::uint32_t index = allocate(request);
    m_maxId = std::max(m_maxId, request.id);
    emit(m_orders[index], OrderStatus::Accepted);
    if (request.tif == TimeInForce::Fok && fillable(request) < request.qty) {
        emit(m_orders[index], OrderStatus::Cancelled, 0, 0, reasons::kFok);
        finish(request.id);
        release(index);
        deliver();
        return;
    }
    bool selfTrade = false;
    match(m_orders[index], request.type, selfTrade);
    Order& order = m_orders[index];
    if (order.filled == order.qty) {
        finish(order.id);
        release(index);
    } else if (selfTrade || request.type == OrderType::Market || request.tif != TimeInForce::Gtc) {
        const auto reason = selfTrade                           ? reasons::kSelfTrade
                            : request.type == OrderType::Market ? reasons::kNoLiquidity
                                                                : reasons::kIoc;
        emit(order, OrderStatus::Cancelled, 0, 0, reason);
        finish(order.id);
        release(index);
    } else {
        rest(index);
    }
    deliver();
}

void OrderBook::cancel(OrderId id, UserId user) {
    const std::uint32_t index = m_live.find(id);
    if (index == IdIndex::kNone) {
        emitRejected(id, user, 0, m_finished.contains(id) ? reasons::kFinished : reasons::kUnknownOrder);
        deliver();
        return;
    }
    if (m_orders[index].user != user) {
        emitRejected(id, user, 0, reasons::kNotOwner);
        deliver();
        return;
    }
    unlink(index);
    emit(m_orders[index], OrderStatus::Cancelled, 0, 0, reasons::kUserCancel);
    m_live.erase(id);
    finish(id);
    release(index);
    deliver();
}

void OrderBook::deliver() {
    if (!m_depthChanges.empty())
        ++m_seq;
    if (m_listeners.orders)
        for (const auto& event : m_orderEvents)
            m_listeners.orders->onOrderEvent(event);
    if (m_listeners.trades)
        for (const auto& trade : m_trades)
            m_listeners.trades->onTrade(trade);
    if (m_listeners.depth && !m_depthChanges.empty())
        m_listeners.depth->onDepthChanged(m_depthChanges, m_seq);
    m_orderEvents.clear();
    m_trades.clear();
    m_depthChanges.clear();
}

OrderBook::Snapshot OrderBook::snapshot(std::size_t depth) const {
    Snapshot out;
    out.seq = m_seq;
    for (auto it = m_bids.rbegin(); it != m_bids.rend() && out.bids.size() < depth; ++it)
        out.bids.push_back({it->price, it->qty});
    for (auto it = m_asks.rbegin(); it != m_asks.rend() && out.asks.size() < depth; ++it)
        out.asks.push_back({it->price, it->qty});
    return out;
}

OrderBook::State OrderBook::state() const {
    State out;
    out.seq = m_seq;
    out.tradeSeq = m_tradeSeq;
    out.maxId = m_maxId;
    out.orders.reserve(m_live.size());
    for (const auto* levels : {&m_bids, &m_asks})
        for (const PriceLevel& level : *levels)
            for (std::uint32_t i = level.head; i != kNil; i = m_orders[i].next) {
                const Order& o = m_orders[i];
                out.orders.push_back({o.id, o.user, o.side, o.price, o.qty, o.filled, o.notional});
            }
    return out;
}

void OrderBook::restore(const State& state) {
    if (m_live.size() != 0 || m_seq != 0)
        throw std::logic_error("OrderBook::restore needs an empty book");
    // Deepest level first, so every new level lands at the touch end of its vector.
    for (const RestingOrder& o : state.orders) {
        const std::uint32_t index =
            allocate(NewOrder{o.id, o.user, o.side, OrderType::Limit, TimeInForce::Gtc, o.qty, o.price});
        m_orders[index].filled = o.filled;
        m_orders[index].notional = o.notional;
        rest(index);
    }
    m_depthChanges.clear();
    m_seq = state.seq;
    m_tradeSeq = state.tradeSeq;
    m_maxId = state.maxId;
}

} // namespace kse
