#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "order_processor/book_listener.h"
#include "order_processor/id_index.h"
#include "order_processor/order_types.h"

namespace kse {

// One symbol's limit order book: price-time priority, limit and market orders, GTC/IOC/FOK,
// trades at the resting order's price, self-trade prevention by cancelling the incoming order's
// remainder ("cancel newest"). Pure C++, single-threaded; events go to the listeners after each
// message.
class OrderBook {
public:
    struct Listeners {
        OrderListener* orders = nullptr;
        TradeListener* trades = nullptr;
        DepthListener* depth = nullptr;
    };
    struct Level {
        std::int64_t price = 0;
        std::int64_t qty = 0;
        bool operator==(const Level&) const = default;
    };
    struct Snapshot {
        std::vector<Level> bids; // best first
        std::vector<Level> asks; // best first
        std::uint64_t seq = 0;
    };
    struct RestingOrder {
        OrderId id = 0;
        UserId user = 0;
        Side side = Side::Buy;
        std::int64_t price = 0;
        std::int64_t qty = 0;
        std::int64_t filled = 0;
        std::int64_t notional = 0;
        bool operator==(const RestingOrder&) const = default;
    };
    // Everything that decides how the book answers the next message, for crash recovery.
    // Finished ids are left out: the service in front never reuses an engine id.
    struct State {
        std::vector<RestingOrder> orders; // per side from the deepest level to the touch, each level in time order
        std::uint64_t seq = 0;
        std::uint64_t tradeSeq = 0;
        OrderId maxId = 0;
        bool operator==(const State&) const = default;
    };

    // The newest `rememberedFinished` finished order ids are remembered, to refuse their reuse
    // and to tell "already finished" from "unknown" on a cancel; older ones are forgotten (the
    // service in front keeps ids unique for good). Kept small so the table stays in cache; 0
    // turns the memory off, for a caller that never reuses ids and resolves cancels itself.
    explicit OrderBook(Listeners listeners, std::size_t rememberedFinished = 1 << 16);

    void submit(const NewOrder& request);
    void cancel(OrderId id, UserId user);

    Snapshot snapshot(std::size_t depth) const;
    State state() const;
    // Puts a book taken with state() back, into an empty book. No events.
    void restore(const State& state);
    std::uint64_t seq() const { return m_seq; }
    std::size_t restingOrders() const { return m_live.size(); }

private:
    static constexpr std::uint32_t kNil = 0xFFFFFFFFu;
    struct Order {
        OrderId id;
        UserId user;
        std::int64_t price;
        std::int64_t qty;
        std::int64_t filled;
        std::int64_t notional;
        std::uint32_t prev;
        std::uint32_t next;
        Side side;
    };
    struct PriceLevel {
        std::int64_t price;
        std::int64_t qty;
        std::uint32_t head;
        std::uint32_t tail;
    };

    std::string_view validate(const NewOrder& order) const;
    std::int64_t fillable(const NewOrder& order) const;
    void match(Order& incoming, OrderType type, bool& selfTrade);
    void rest(std::uint32_t index);
    void unlink(std::uint32_t index);
    std::uint32_t allocate(const NewOrder& order);
    void release(std::uint32_t index);
    void finish(OrderId id);
    void emit(const Order& order, OrderStatus status, std::int64_t lastQty = 0, std::int64_t lastPrice = 0,
              std::string_view reason = {});
    void emitRejected(OrderId id, UserId user, std::int64_t qty, std::string_view reason);
    void levelChanged(Side side, const PriceLevel& level);
    std::vector<PriceLevel>& sideLevels(Side side) { return side == Side::Buy ? m_bids : m_asks; }
    PriceLevel* findLevel(Side side, std::int64_t price);
    void deliver();

    Listeners m_listeners;
    std::vector<Order> m_orders;
    std::vector<std::uint32_t> m_free;
    // Best level at the back: bids ascending, asks descending, so the touch is one step away.
    std::vector<PriceLevel> m_bids;
    std::vector<PriceLevel> m_asks;
    IdIndex m_live;
    // Finished ids, remembered (up to a bound) to refuse their reuse and their cancel.
    IdIndex m_finished;
    std::deque<OrderId> m_finishedOrder;
    std::size_t m_rememberedFinished;

    std::vector<OrderEvent> m_orderEvents;
    std::vector<Trade> m_trades;
    std::vector<DepthChange> m_depthChanges;
    std::uint64_t m_seq = 0;
    std::uint64_t m_tradeSeq = 0;
    OrderId m_maxId = 0; // the largest id accepted so far
};

} // namespace kse
