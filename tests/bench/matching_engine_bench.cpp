// The matching engine alone on one core, with the mix the exchange expects: about 50 % new limit
// orders near the touch, 35 % cancels, 15 % marketable orders, around 10,000 resting orders.
// Prints messages/s (a run without timers) and per-message latency percentiles (a run timing
// each message), plus the mix as it turned out.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "order_processor/order_book.h"

using namespace kse;

namespace {

struct Message {
    bool cancel;
    NewOrder order; // for a cancel: id and user
};

class Counter : public OrderListener, public TradeListener, public DepthListener {
public:
    void onOrderEvent(const OrderEvent&) override { ++events; }
    void onTrade(const Trade&) override { ++trades; }
    void onDepthChanged(std::span<const DepthChange> changes, std::uint64_t) override { depth += changes.size(); }
    std::uint64_t events = 0, trades = 0, depth = 0;
};

constexpr std::int64_t kMid = 100'000;

// Tracks which orders rest, so that the generated cancels hit live orders as real ones do.
class LiveOrders : public OrderListener {
public:
    void onOrderEvent(const OrderEvent& e) override {
        const bool finished =
            e.status == OrderStatus::Filled || e.status == OrderStatus::Cancelled || e.status == OrderStatus::Rejected;
        if (e.status == OrderStatus::Accepted)
            add(e.id, e.user);
        else if (finished)
            remove(e.id);
    }
    void add(OrderId id, UserId user) {
        m_at[id] = m_live.size();
        m_live.emplace_back(id, user);
    }
    void remove(OrderId id) {
        const auto it = m_at.find(id);
        if (it == m_at.end())
            return;
        const std::size_t at = it->second;
        m_at.erase(it);
        if (at != m_live.size() - 1) {
            m_live[at] = m_live.back();
            m_at[m_live[at].first] = at;
        }
        m_live.pop_back();
    }
    bool empty() const { return m_live.empty(); }
    std::pair<OrderId, UserId> pick(std::mt19937_64& random) const { return m_live[random() % m_live.size()]; }

private:
    std::vector<std::pair<OrderId, UserId>> m_live;
    std::unordered_map<OrderId, std::size_t> m_at;
};

void run(OrderBook& book, const Message& m);

// The stream is generated against a book of its own (then replayed from scratch, identically),
// so cancels target orders that rest at that moment.
std::vector<Message> makeStream(std::size_t count, std::vector<Message>& prefill) {
    std::mt19937_64 random(42);
    std::uniform_int_distribution<int> kind(0, 99), offset(1, 20), qty(1, 100), user(1, 1000);
    LiveOrders live;
    OrderBook book({&live, nullptr, nullptr});
    OrderId next = 1;
    // Prices follow the current touch, as traders' do.
    const auto touch = [&](Side side) {
        const auto top = book.snapshot(1);
        const auto& levels = side == Side::Buy ? top.bids : top.asks;
        return levels.empty() ? (side == Side::Buy ? kMid - 1 : kMid + 1) : levels.front().price;
    };
    const auto passive = [&]() {
        const bool buy = random() % 2;
        const std::int64_t price = buy ? std::min(touch(Side::Buy) + 2, touch(Side::Sell) - 1) - offset(random) + 1
                                       : std::max(touch(Side::Sell) - 2, touch(Side::Buy) + 1) + offset(random) - 1;
        return Message{false, NewOrder{next++, static_cast<UserId>(user(random)), buy ? Side::Buy : Side::Sell,
                                       OrderType::Limit, TimeInForce::Gtc, qty(random), price}};
    };
    for (int i = 0; i < 10'000; ++i) {
        prefill.push_back(passive());
        run(book, prefill.back());
    }
    std::vector<Message> stream;
    stream.reserve(count);
    while (stream.size() < count) {
        const int k = kind(random);
        if (k < 35 && !live.empty()) {
            const auto [id, owner] = live.pick(random);
            stream.push_back({true, NewOrder{id, owner}});
        } else if (k < 85) {
            stream.push_back(passive());
        } else { // marketable: an IOC limit through the touch
            const bool buy = random() % 2;
            stream.push_back({false, NewOrder{next++, static_cast<UserId>(user(random)), buy ? Side::Buy : Side::Sell,
                                              OrderType::Limit, TimeInForce::Ioc, qty(random),
                                              buy ? touch(Side::Sell) + 2 : touch(Side::Buy) - 2}});
        }
        run(book, stream.back());
    }
    return stream;
}

void run(OrderBook& book, const Message& m) {
    if (m.cancel)
        book.cancel(m.order.id, m.order.user);
    else
        book.submit(m.order);
}

} // namespace

int main(int argc, char** argv) {
    const std::size_t remembered = argc > 1 ? std::stoul(argv[1]) : 1 << 16;
    constexpr std::size_t kCount = 10'000'000;
    std::vector<Message> prefill;
    const auto stream = makeStream(kCount, prefill);
    const auto cancels = std::count_if(stream.begin(), stream.end(), [](const Message& m) { return m.cancel; });
    const auto marketable = std::count_if(
        stream.begin(), stream.end(), [](const Message& m) { return !m.cancel && m.order.tif == TimeInForce::Ioc; });

    double throughput = 0;
    std::size_t resting = 0;
    Counter counter;
    {
        OrderBook book({&counter, &counter, &counter}, remembered);
        for (const auto& m : prefill)
            run(book, m);
        const auto start = std::chrono::steady_clock::now();
        for (const auto& m : stream)
            run(book, m);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        throughput = static_cast<double>(kCount) / seconds;
        resting = book.restingOrders();
    }
    std::vector<std::int64_t> nanos;
    nanos.reserve(kCount);
    {
        Counter quiet;
        OrderBook book({&quiet, &quiet, &quiet}, remembered);
        for (const auto& m : prefill)
            run(book, m);
        for (const auto& m : stream) {
            const auto t0 = std::chrono::steady_clock::now();
            run(book, m);
            nanos.push_back(
                std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count());
        }
    }
    std::sort(nanos.begin(), nanos.end());
    const auto at = [&](double q) {
        return nanos[static_cast<std::size_t>(q * static_cast<double>(nanos.size() - 1))];
    };
    std::printf("mix: %zu messages = %.1f %% new limit orders within 20 ticks of their side's best (never crossing), "
                "%.1f %% cancels of resting orders, %.1f %% marketable IOC limits 2 ticks through the opposite best; "
                "qty 1-100; 1,000 users; "
                "10,000 orders resting before, %zu after\n",
                kCount, 100.0 * static_cast<double>(kCount - static_cast<std::size_t>(cancels + marketable)) / kCount,
                100.0 * static_cast<double>(cancels) / kCount, 100.0 * static_cast<double>(marketable) / kCount,
                resting);
    std::printf("events: %llu order events, %llu trades, %llu depth changes\n",
                static_cast<unsigned long long>(counter.events), static_cast<unsigned long long>(counter.trades),
                static_cast<unsigned long long>(counter.depth));
    std::printf("throughput: %.2f M messages/s\n", throughput / 1e6);
    std::printf("latency per message (steady_clock around each, its own cost included): p50 %lld ns, p99 %lld ns, "
                "p99.9 %lld ns, max %lld ns\n",
                static_cast<long long>(at(0.5)), static_cast<long long>(at(0.99)), static_cast<long long>(at(0.999)),
                static_cast<long long>(nanos.back()));
    return 0;
}
