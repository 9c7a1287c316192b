// Millions of random messages through the order book and through a slow, obviously correct
// matcher: the same trades, in the same order, and the same books.
#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <vector>

#include "order_processor/order_book.h"

using namespace kse;

namespace {

struct ReferenceTrade {
    std::int64_t price, qty;
    OrderId buy, sell;
    bool operator==(const ReferenceTrade&) const = default;
};

// Keeps resting orders in a plain list and searches it from scratch for every match.
class ReferenceBook {
public:
    void submit(const NewOrder& o, std::vector<ReferenceTrade>& trades) {
        const auto crosses = [&](const Resting& r) {
            if (r.side == o.side)
                return false;
            if (o.type == OrderType::Market)
                return true;
            return o.side == Side::Buy ? r.price <= o.price : r.price >= o.price;
        };
        const auto better = [&](const Resting& a, const Resting& b) { // a ahead of b in priority
            if (a.price != b.price)
                return o.side == Side::Buy ? a.price < b.price : a.price > b.price;
            return a.time < b.time;
        };
        const auto best = [&]() -> Resting* {
            Resting* found = nullptr;
            for (auto& r : m_resting)
                if (crosses(r) && (!found || better(r, *found)))
                    found = &r;
            return found;
        };
        std::int64_t remaining = o.qty;
        if (o.tif == TimeInForce::Fok) {
            // Walk a copy of the queue in priority order, stopping at the user's own order.
            std::vector<Resting> queue;
            for (const auto& r : m_resting)
                if (crosses(r))
                    queue.push_back(r);
            std::sort(queue.begin(), queue.end(), better);
            std::int64_t available = 0;
            for (const auto& r : queue) {
                if (r.user == o.user)
                    break;
                available += r.remaining;
            }
            if (available < o.qty)
                return;
        }
        bool selfTrade = false;
        while (remaining > 0) {
            Resting* r = best();
            if (!r)
                break;
            if (r->user == o.user) {
                selfTrade = true;
                break;
            }
            const std::int64_t qty = std::min(remaining, r->remaining);
            trades.push_back({r->price, qty, o.side == Side::Buy ? o.id : r->id, o.side == Side::Buy ? r->id : o.id});
            remaining -= qty;
            r->remaining -= qty;
            if (r->remaining == 0)
                m_resting.erase(m_resting.begin() + (r - m_resting.data()));
        }
        if (remaining > 0 && !selfTrade && o.type == OrderType::Limit && o.tif == TimeInForce::Gtc)
            m_resting.push_back({o.id, o.user, o.side, o.price, remaining, m_time++});
    }
    // A resting order at random (the book stays small when cancels pick live orders).
    std::pair<OrderId, UserId> anyResting(std::mt19937_64& random) const {
        const auto& r = m_resting[static_cast<std::size_t>(random() % m_resting.size())];
        return {r.id, r.user};
    }
    bool empty() const { return m_resting.empty(); }
    std::size_t size() const { return m_resting.size(); }
    void cancel(OrderId id, UserId user) {
        std::erase_if(m_resting, [&](const Resting& r) { return r.id == id && r.user == user; });
    }
    std::vector<OrderBook::Level> levels(Side side) const {
        std::map<std::int64_t, std::int64_t> byPrice;
        for (const auto& r : m_resting)
            if (r.side == side)
                byPrice[r.price] += r.remaining;
        std::vector<OrderBook::Level> out;
        for (const auto& [price, qty] : byPrice)
            out.push_back({price, qty});
        if (side == Side::Buy)
            std::reverse(out.begin(), out.end()); // best first
        return out;
    }

private:
    struct Resting {
        OrderId id;
        UserId user;
        Side side;
        std::int64_t price, remaining;
        std::uint64_t time;
    };
    std::vector<Resting> m_resting;
    std::uint64_t m_time = 0;
};

class TradeCollector : public TradeListener {
public:
    void onTrade(const Trade& t) override { trades.push_back({t.price, t.qty, t.buyOrder, t.sellOrder}); }
    std::vector<ReferenceTrade> trades;
};

// qty == filled + remaining in every event, and fills never exceed the order.
class InvariantChecker : public OrderListener {
public:
    void onOrderEvent(const OrderEvent& e) override {
        if (e.status != OrderStatus::Rejected &&
            (e.filled < 0 || e.remaining < 0 || e.filled + e.remaining != qty[e.id]))
            ++violations;
    }
    std::map<OrderId, std::int64_t> qty;
    int violations = 0;
};

} // namespace

TEST(OrderBookReference, MillionsOfRandomMessagesMatchTheReference) {
    TradeCollector engineTrades;
    InvariantChecker invariants;
    OrderBook book({&invariants, &engineTrades, nullptr});
    ReferenceBook reference;
    std::vector<ReferenceTrade> referenceTrades;

    std::mt19937_64 random(20261125);
    std::uniform_int_distribution<int> kind(0, 99), user(1, 6), qty(1, 10), price(95, 105);
    std::vector<std::pair<OrderId, UserId>> recent;
    OrderId nextId = 1;
    constexpr int kMessages = 2'000'000;
    for (int i = 0; i < kMessages; ++i) {
        const int k = kind(random);
        if (k < 35 && !recent.empty() && !reference.empty()) {
            // Cancels of resting orders, and some of finished or foreign ones.
            const auto [id, owner] =
                k < 28 ? reference.anyResting(random) : recent[static_cast<std::size_t>(random() % recent.size())];
            const UserId who = k < 32 ? owner : static_cast<UserId>(user(random));
            book.cancel(id, who);
            reference.cancel(id, who);
        } else {
            NewOrder o{nextId++,
                       static_cast<UserId>(user(random)),
                       random() % 2 ? Side::Buy : Side::Sell,
                       OrderType::Limit,
                       TimeInForce::Gtc,
                       qty(random),
                       price(random)};
            if (k >= 85 && k < 92)
                o.tif = TimeInForce::Ioc;
            else if (k >= 92 && k < 96)
                o.tif = TimeInForce::Fok;
            else if (k >= 96) {
                o.type = OrderType::Market;
                o.price = 0;
                o.tif = k == 99 ? TimeInForce::Fok : TimeInForce::Ioc;
            }
            invariants.qty[o.id] = o.qty;
            book.submit(o);
            reference.submit(o, referenceTrades);
            recent.emplace_back(o.id, o.user);
            if (recent.size() > 200)
                recent.erase(recent.begin());
        }
        if (i % 100'000 == 0 || i == kMessages - 1) {
            ASSERT_EQ(engineTrades.trades.size(), referenceTrades.size()) << "after message " << i;
            ASSERT_TRUE(engineTrades.trades == referenceTrades) << "after message " << i;
            const auto snapshot = book.snapshot(1000);
            ASSERT_EQ(snapshot.bids, reference.levels(Side::Buy)) << "after message " << i;
            ASSERT_EQ(snapshot.asks, reference.levels(Side::Sell)) << "after message " << i;
        }
    }
    EXPECT_GT(engineTrades.trades.size(), 100'000U) << "the mix should trade a lot";
    EXPECT_LT(reference.size(), 10'000U) << "a book this small keeps the reference fast";
    EXPECT_EQ(invariants.violations, 0);
}
