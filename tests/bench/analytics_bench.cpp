// `kse-bench-analytics [EVENTS] [uniform|skewed]`: user-analytics throughput from pre-filled
// topics on the embedded cluster. EVENTS messages (half user-activity, 30 % order-events, 20 %
// trades, over 2,000 users and 50 symbols: uniformly, or skewed as real traffic is, where a few
// users and symbols make most of it) are produced first; then, in the same run:
//   1. baseline: a bare consumer reads them all and does nothing else;
//   2. the AnalyticsWorker consumes, counts and stores them with their offsets in SQLite.
// The worker's clock runs from its first stored batch (after the group join) to the last, so
// the rate is events stored per second while it streams. Never fails on speed.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <thread>

#include "contract/topics.h"
#include "http/metrics_registry.h"
#include "kafka/consumer.h"
#include "kafka/embedded_cluster.h"
#include "kafka/kafka_source_factory.h"
#include "kafka/producer.h"
#include "store/sqlite_database.h"
#include "user_analytics/analytics_store.h"
#include "user_analytics/analytics_worker.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kPartitions = 24; // the embedded cluster keeps at most 5 MiB per partition

double seconds(Clock::time_point from) { return std::chrono::duration<double>(Clock::now() - from).count(); }

// An index below `n`: uniform, or skewed (u³: a quarter of the indices get 63 % of the draws).
int pick(std::mt19937& random, int n, bool skewed) {
    if (!skewed)
        return static_cast<int>(random() % static_cast<unsigned>(n));
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(random);
    return std::min(n - 1, static_cast<int>(u * u * u * n));
}

void fill(const std::string& brokers, long events, bool skewed, kse::Logger& logger) {
    kse::Producer::Options options;
    options.brokers = brokers;
    options.lingerMs = 20;
    kse::Producer producer(options, logger);
    std::mt19937 random(7);
    const long long now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    static const char* kActions[] = {"login", "view_price", "view_price", "place_order", "cancel_order"};
    static const char* kEnds[] = {"accepted", "filled", "cancelled", "partially_filled"};
    for (long i = 0; i < events; ++i) {
        const std::string user = "u" + std::to_string(pick(random, 2'000, skewed));
        const std::string symbol = "S" + std::to_string(pick(random, 50, skewed));
        const long long ts = now - (events - i) / 10;
        std::string topic, key, value;
        const auto kind = static_cast<unsigned>(random() % 10);
        if (kind < 5) {
            topic = kse::topics::kUserActivity;
            key = user;
            value = R"({"user_id":")" + user + R"(","action":")" + kActions[random() % 5] + R"(","symbol":")" + symbol +
                    R"(","ts":)" + std::to_string(ts) + "}";
        } else if (kind < 8) {
            topic = kse::topics::kOrderEvents;
            key = user;
            value = R"({"order_id":"o-)" + std::to_string(i) + R"(","user_id":")" + user + R"(","symbol":")" + symbol +
                    R"(","status":")" + kEnds[random() % 4] +
                    R"(","filled_qty":1,"remaining_qty":0,"avg_price":1,"ts":)" + std::to_string(ts) + "}";
        } else {
            topic = kse::topics::kTrades;
            key = symbol;
            const std::string seller = "u" + std::to_string(pick(random, 2'000, skewed));
            value = R"({"trade_id":")" + symbol + "-" + std::to_string(i) + R"(","symbol":")" + symbol +
                    R"(","price":)" + std::to_string(10 + random() % 90) + "." + std::to_string(random() % 100) +
                    R"(,"qty":)" + std::to_string(1 + random() % 100) +
                    R"(,"buy_order_id":"b","sell_order_id":"s","buyer":")" + user + R"(","seller":")" + seller +
                    R"(","aggressor":"buy","ts":)" + std::to_string(ts) + "}";
        }
        while (producer.produce(topic, key, value) != kse::ProduceStatus::Queued)
            producer.flush(10);
    }
    producer.flush(120'000);
}

std::vector<kse::TopicPartitionOffset> everyPartition() {
    std::vector<kse::TopicPartitionOffset> all;
    for (const std::string& topic : {kse::topics::kUserActivity, kse::topics::kOrderEvents, kse::topics::kTrades})
        for (int p = 0; p < kPartitions; ++p)
            all.push_back({topic, p, -1});
    return all;
}

// What the cluster holds of the events produced: it keeps at most 100,000 messages or 5 MiB a
// partition, and skewed keys fill some partitions past that, dropping their oldest messages.
long kept(kse::Consumer& consumer) {
    long count = 0;
    for (const auto& p : everyPartition()) {
        const auto [low, high] = consumer.watermarks(p.topic, p.partition, 10'000);
        count += static_cast<long>(high - low);
    }
    return count;
}

double baseline(kse::Consumer& consumer, long events) {
    consumer.assign(everyPartition());
    long seen = 0;
    Clock::time_point start;
    while (seen < events) {
        auto message = consumer.poll(100);
        if (message && message->err() == RdKafka::ERR_NO_ERROR && seen++ == 0)
            start = Clock::now();
    }
    return static_cast<double>(events - 1) / seconds(start);
}

} // namespace

int main(int argc, char* argv[]) {
    const long events = argc > 1 ? std::stol(argv[1]) : 600'000;
    const bool skewed = argc > 2 && std::string(argv[2]) == "skewed";
    kse::Logger logger(kse::LogLevel::Warning);
    kse::EmbeddedCluster cluster;
    for (const auto& topic : kse::topics::all())
        cluster.createTopic(topic, kPartitions);
    const std::string brokers = cluster.bootstrapServers();

    const auto produced = Clock::now();
    fill(brokers, events, skewed, logger);
    std::printf("produced %ld %s events in %.2f s\n", events, skewed ? "skewed" : "uniform", seconds(produced));
    kse::Consumer::Options baselineOptions;
    baselineOptions.brokers = brokers;
    baselineOptions.groupId = "bench-baseline";
    // Fetched as the worker fetches: librdkafka's default wait of 500 ms for a fetch to fill
    // would make the baseline's pace that of its waits, not of its reading.
    baselineOptions.extra = {{"fetch.wait.max.ms", "20"}};
    kse::Consumer consumer(baselineOptions, logger);
    const long available = kept(consumer);
    if (available < events)
        std::printf("the cluster kept %ld of them (at most 5 MiB a partition): both readers read those\n", available);
    const double bare = baseline(consumer, available);
    consumer.close();
    std::printf("baseline: a bare consumer reads %.0f events/s\n", bare);

    const auto dir = std::filesystem::temp_directory_path() / ("kse-analytics-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "user-analytics.db").string();
    {
        kse::Producer::Options producerOptions;
        producerOptions.brokers = brokers;
        kse::Producer deadLetters(producerOptions, logger);
        kse::MetricsRegistry metrics;
        kse::AnalyticsStore store(path);
        kse::KafkaSourceFactory sources(kse::KafkaClientConfig{brokers, {}}, logger);
        kse::AnalyticsWorker::Options options;
        options.groupId = "bench-analytics";
        kse::AnalyticsWorker worker(options, sources, store, deadLetters, metrics, logger);
        kse::SqliteDatabase reader(path, kse::SqliteDatabase::Mode::ReadOnly);
        auto stored = reader.prepare("SELECT COALESCE(SUM(next_offset), 0) FROM parts");
        const auto storedCount = [&] {
            stored->next();
            const long count = static_cast<long>(stored->integer(0));
            stored->reset();
            return count;
        };
        // Events stored, by the worker's own count (the offsets skip what the cluster dropped).
        auto& storedEvents = metrics.counter("kse_analytics_events_total", "");
        worker.start();
        long first = 0;
        while ((first = static_cast<long>(storedEvents.load())) == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        const auto start = Clock::now();
        // Done when every partition's stored offset has reached its end.
        while (storedCount() < events)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        const double elapsed = seconds(start);
        worker.stop(); // the last batch is counted just after it is stored
        const long counted = static_cast<long>(storedEvents.load()) - first;
        const double rate = static_cast<double>(counted) / elapsed;
        std::printf(
            "analytics: %.0f events/s counted and stored (%ld after the first batch), %.0f %% of the baseline\n", rate,
            counted, 100.0 * rate / bare);
    }
    std::filesystem::remove_all(dir);
    return 0;
}
