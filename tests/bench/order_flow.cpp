// `kse-bench-orders` — drives the order processor through Kafka:
//   fill BROKERS COUNT TAG          puts COUNT orders of the benchmark mix on `orders`
//   drain BROKERS                   waits until group order-processor committed all of `orders`;
//                                   prints orders/s between its first and its last commit
//   latency BROKERS RATE SECONDS TAG
//                                   RATE orders/s of the mix, plus a crossing pair every 20 ms
//                                   on a probe symbol; prints the time from producing the
//                                   aggressive order to reading its trade (read_committed)
// The mix: 50 % new limit orders near the touch, 35 % cancels of resting orders, 15 % IOC
// orders through the touch, over 10 symbols; the same as the engine benchmark's.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "codec/json_cursor.h"
#include "kafka/consumer.h"
#include "kafka/producer.h"
#include "order_processor/partition_books.h"

using namespace kse;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kSymbols = 10;
constexpr std::int64_t kMid = 1'000'000; // 100.0000

// Generates the mix, keeping a local copy of the books so that cancels hit resting orders.
class MixGenerator {
public:
    explicit MixGenerator(std::string tag) : m_tag(std::move(tag)), m_random(42) {}

    OrderCommand next() {
        const auto s = static_cast<std::size_t>(m_random() % kSymbols);
        OrderCommand c;
        c.symbol = m_tag + "_" + std::to_string(s);
        c.ts =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        const auto roll = m_random() % 100;
        auto& live = m_live[s];
        if (roll < 35 && !live.empty()) {
            const auto at = m_random() % live.size();
            c.kind = OrderCommand::Kind::Cancel;
            c.orderId = live[at].first;
            c.userId = live[at].second;
        } else {
            const bool buy = m_random() % 2 == 0;
            c.orderId = m_tag + "o" + std::to_string(m_next++);
            c.userId = m_tag + "u" + std::to_string(m_random() % 100);
            c.side = buy ? Side::Buy : Side::Sell;
            c.qty = 1 + static_cast<std::int64_t>(m_random() % 10) * 10;
            const auto depth = static_cast<std::int64_t>(m_random() % 20) * 100;
            if (roll < 50) { // marketable, immediate-or-cancel
                c.tif = TimeInForce::Ioc;
                c.price = buy ? kMid + 500 : kMid - 500;
            } else { // a new limit order near the touch, on its side of the mid
                c.price = buy ? kMid - 100 - depth : kMid + 100 + depth;
            }
        }
        m_out.clear();
        m_books.apply(c, m_out);
        for (const auto& u : m_out.updates) {
            if (u.status == OrderStatus::Accepted && c.kind == OrderCommand::Kind::New && c.tif == TimeInForce::Gtc &&
                u.orderId == c.orderId)
                add(s, u.orderId, u.userId);
            else if (u.status == OrderStatus::Filled || u.status == OrderStatus::Cancelled)
                remove(u.orderId);
        }
        return c;
    }

private:
    void add(std::size_t s, const std::string& id, const std::string& user) {
        m_where[id] = {s, m_live[s].size()};
        m_live[s].emplace_back(id, user);
    }
    void remove(const std::string& id) {
        const auto it = m_where.find(id);
        if (it == m_where.end())
            return;
        const auto [s, at] = it->second;
        m_where.erase(it);
        auto& live = m_live[s];
        if (at != live.size() - 1) {
            live[at] = live.back();
            m_where[live[at].first].second = at;
        }
        live.pop_back();
    }

    std::string m_tag;
    std::mt19937_64 m_random;
    std::uint64_t m_next = 0;
    PartitionBooks m_books;
    BookOutput m_out;
    std::vector<std::pair<std::string, std::string>> m_live[kSymbols];
    std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> m_where;
};

std::unique_ptr<Producer> producer(const std::string& brokers, Logger& logger) {
    Producer::Options options;
    options.brokers = brokers;
    options.lingerMs = 1;
    return std::make_unique<Producer>(options, logger);
}

void send(Producer& p, const OrderCommand& c) {
    const std::string value = encodeOrderCommand(c);
    while (p.produce("orders", c.symbol, value) != ProduceStatus::Queued)
        p.flush(10);
}

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

int fill(const std::string& brokers, long count, const std::string& tag) {
    Logger logger(LogLevel::Warning);
    auto p = producer(brokers, logger);
    MixGenerator mix(tag);
    const auto start = Clock::now();
    for (long i = 0; i < count; ++i)
        send(*p, mix.next());
    if (p->flush(120'000) != 0)
        return std::fprintf(stderr, "fill: not all orders delivered\n"), 1;
    std::printf("filled %ld orders in %.2f s\n", count, seconds(Clock::now() - start));
    return 0;
}

// Sum over the partitions of `orders` of (committed offset, end offset).
std::pair<std::int64_t, std::int64_t> progress(Consumer& group) {
    const int partitions = group.partitionCount("orders");
    std::vector<RdKafka::TopicPartition*> list;
    for (int p = 0; p < partitions; ++p)
        list.push_back(RdKafka::TopicPartition::create("orders", p));
    group.handle().committed(list, 10'000);
    std::int64_t committed = 0, end = 0;
    for (const auto* p : list) {
        committed += std::max<std::int64_t>(p->offset(), 0);
        end += group.watermarks("orders", p->partition()).second;
    }
    RdKafka::TopicPartition::destroy(list);
    return {committed, end};
}

int drain(const std::string& brokers) {
    Logger logger(LogLevel::Warning);
    Consumer::Options options;
    options.brokers = brokers;
    options.groupId = "order-processor"; // asked, never joined
    Consumer group(options, logger);
    const auto [initial, end] = progress(group);
    std::int64_t first = -1;
    Clock::time_point firstAt;
    for (;;) {
        const auto [committed, ignored] = progress(group);
        const auto now = Clock::now();
        if (first < 0 && committed > initial) {
            first = committed;
            firstAt = now;
        }
        if (committed >= end && first >= 0) {
            const double s = seconds(now - firstAt);
            std::printf("drained %lld orders in %.2f s after the first commit: %.0f orders/s\n",
                        static_cast<long long>(committed - first), s, static_cast<double>(committed - first) / s);
            return 0;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

// The buy_order_id of a trades message.
std::string buyOrderOf(std::string_view json) {
    JsonCursor cursor(json);
    std::string_view key, text;
    std::string scratch, valueScratch;
    if (!cursor.expect('{', "{"))
        return {};
    do {
        if (!cursor.readString(key, scratch) || !cursor.expect(':', ":"))
            return {};
        cursor.skipSpace();
        if (key == "buy_order_id")
            return cursor.readString(text, valueScratch) ? std::string(text) : std::string();
        if (!cursor.skipValue())
            return {};
    } while (cursor.consume(','));
    return {};
}

int latency(const std::string& brokers, double rate, double duration, const std::string& tag) {
    Logger logger(LogLevel::Warning);
    auto p = producer(brokers, logger);
    Consumer::Options options;
    options.brokers = brokers;
    options.groupId = "kse-bench-latency";        // assigned by hand, from the end
    options.extra = {{"fetch.wait.max.ms", "5"}}; // as a latency-minded reader would
    Consumer trades(options, logger);
    std::vector<TopicPartitionOffset> ends;
    for (int i = 0, n = trades.partitionCount("trades"); i < n; ++i)
        ends.push_back({"trades", i, trades.watermarks("trades", i).second});
    trades.assign(ends);

    std::mutex mutex;
    std::unordered_map<std::string, Clock::time_point> sent;
    std::vector<double> latencies;
    std::atomic<bool> done{false};
    std::thread reader([&] {
        while (!done) {
            auto message = trades.poll(50);
            if (!message)
                continue;
            const auto at = Clock::now();
            const auto id = buyOrderOf({static_cast<const char*>(message->payload()), message->len()});
            const std::lock_guard lock(mutex);
            if (const auto it = sent.find(id); it != sent.end()) {
                latencies.push_back(std::chrono::duration<double, std::micro>(at - it->second).count());
                sent.erase(it);
            }
        }
    });

    MixGenerator mix(tag);
    const std::string probeSymbol = tag + "_PROBE";
    const auto start = Clock::now();
    long background = 0, probes = 0;
    auto nextProbe = start;
    while (seconds(Clock::now() - start) < duration) {
        const auto now = Clock::now();
        while (static_cast<double>(background) < seconds(now - start) * rate) {
            send(*p, mix.next());
            ++background;
        }
        if (now >= nextProbe) {
            OrderCommand sell;
            sell.symbol = probeSymbol;
            sell.orderId = tag + "ps" + std::to_string(probes);
            sell.userId = tag + "maker";
            sell.side = Side::Sell;
            sell.qty = 1;
            sell.price = kMid;
            // Within the processor's event-time window (docs/guarantees.md), like every order.
            sell.ts = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
            OrderCommand buy = sell;
            buy.orderId = tag + "pb" + std::to_string(probes);
            buy.userId = tag + "taker";
            buy.side = Side::Buy;
            send(*p, sell);
            {
                const std::lock_guard lock(mutex);
                sent[buy.orderId] = Clock::now();
            }
            send(*p, buy);
            ++probes;
            nextProbe += std::chrono::milliseconds(20);
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    std::this_thread::sleep_for(std::chrono::seconds(3));
    done = true;
    reader.join();
    std::sort(latencies.begin(), latencies.end());
    if (latencies.empty())
        return std::fprintf(stderr, "latency: no probe trade came back\n"), 1;
    const auto at = [&](double q) {
        return latencies[static_cast<std::size_t>(q * static_cast<double>(latencies.size() - 1))] / 1000.0;
    };
    std::printf("%ld background orders (%.0f/s), %zu of %ld probes answered: order → trade p50 %.1f ms, p99 %.1f ms, "
                "p99.9 %.1f ms, max %.1f ms\n",
                background, static_cast<double>(background) / duration, latencies.size(), probes, at(0.5), at(0.99),
                at(0.999), latencies.back() / 1000.0);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 3 && args[0] == "fill")
        return fill(args[1], std::stol(args[2]), "B" + std::to_string(std::random_device()() % 100000));
    if (args.size() == 4 && args[0] == "fill")
        return fill(args[1], std::stol(args[2]), args[3]);
    if (args.size() == 2 && args[0] == "drain")
        return drain(args[1]);
    if (args.size() == 5 && args[0] == "latency")
        return latency(args[1], std::stod(args[2]), std::stod(args[3]), args[4]);
    std::fprintf(stderr, "usage: kse-bench-orders fill BROKERS COUNT [TAG] | drain BROKERS | "
                         "latency BROKERS RATE SECONDS TAG\n");
    return 2;
}
