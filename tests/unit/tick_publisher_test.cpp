#include <functional>
#include <gtest/gtest.h>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "stocks/tick_publisher.h"

namespace {

class RecordingSink : public kse::MessageSink {
public:
    kse::ProduceStatus canAccept(std::size_t count) const override {
        if (unavailable)
            return kse::ProduceStatus::Unavailable;
        return messages.size() + count <= capacity ? kse::ProduceStatus::Queued : kse::ProduceStatus::QueueFull;
    }
    kse::ProduceStatus produce(std::string_view topic, std::string_view key, std::string_view value) override {
        if (const auto status = canAccept(1); status != kse::ProduceStatus::Queued)
            return status;
        messages.push_back({std::string(topic), std::string(key), std::string(value)});
        return kse::ProduceStatus::Queued;
    }
    struct Message {
        std::string topic, key, value;
    };
    std::vector<Message> messages;
    std::size_t capacity = 100;
    bool unavailable = false;
};

kse::Tick tick(std::int64_t id, std::string symbol) {
    return kse::Tick{id, std::move(symbol), kse::Price::fromTicks(10'000), std::nullopt, 5};
}

} // namespace

TEST(TickPublisher, KeysBySymbolOnStockIngress) {
    RecordingSink sink;
    kse::MetricsRegistry metrics;
    kse::TickPublisher publisher(sink, metrics);
    EXPECT_EQ(publisher.publish(tick(1, "AAPL")), kse::ProduceStatus::Queued);
    ASSERT_EQ(sink.messages.size(), 1U);
    EXPECT_EQ(sink.messages[0].topic, "stock-ingress");
    EXPECT_EQ(sink.messages[0].key, "AAPL");
    EXPECT_EQ(sink.messages[0].value, R"({"id":1,"name":"AAPL","price":1,"ts":5})");
}

TEST(TickPublisher, BatchIsAllOrNothing) {
    RecordingSink sink;
    sink.capacity = 3;
    kse::MetricsRegistry metrics;
    kse::TickPublisher publisher(sink, metrics);
    const std::vector<kse::Tick> batch{tick(1, "A"), tick(2, "B"), tick(3, "C"), tick(4, "D")};
    EXPECT_EQ(publisher.publishAll(batch), kse::ProduceStatus::QueueFull);
    EXPECT_TRUE(sink.messages.empty());
    sink.capacity = 4;
    EXPECT_EQ(publisher.publishAll(batch), kse::ProduceStatus::Queued);
    EXPECT_EQ(sink.messages.size(), 4U);
}

TEST(TickPublisher, UnavailableProducesNothing) {
    RecordingSink sink;
    sink.unavailable = true;
    kse::MetricsRegistry metrics;
    kse::TickPublisher publisher(sink, metrics);
    EXPECT_EQ(publisher.publish(tick(1, "A")), kse::ProduceStatus::Unavailable);
    EXPECT_EQ(publisher.publishAll(std::vector{tick(2, "B")}), kse::ProduceStatus::Unavailable);
    EXPECT_TRUE(sink.messages.empty());
    EXPECT_EQ(metrics.render().find("kse_ticks_published_total 0") != std::string::npos, true);
}

namespace {
// Reports every message's delivery as Kafka would, the `failAt`-th one (from 0) as failed.
class ReportingSink final : public kse::MessageSink {
public:
    kse::ProduceStatus canAccept(std::size_t) const override { return kse::ProduceStatus::Queued; }
    kse::ProduceStatus produce(std::string_view, std::string_view, std::string_view) override {
        return kse::ProduceStatus::Queued;
    }
    kse::ProduceStatus produceReported(std::string_view, std::string_view, std::string_view,
                                       const kse::DeliveryReport::Callback& report) override {
        const std::lock_guard lock(m_mutex);
        const bool failed = m_sent++ == failAt;
        m_reports.emplace_back([report, failed] {
            report(
                {failed ? kse::DeliveryReport::Outcome::NotPersisted : kse::DeliveryReport::Outcome::Persisted, 0, 0});
        });
        return kse::ProduceStatus::Queued;
    }
    // Waits for `count` messages, then reports them (from another thread, as Kafka does).
    void deliver(std::size_t count) {
        for (;;) {
            {
                const std::lock_guard lock(m_mutex);
                if (m_reports.size() >= count)
                    break;
            }
            std::this_thread::yield();
        }
        for (const auto& report : m_reports)
            report();
    }
    int failAt = -1;

private:
    std::mutex m_mutex;
    int m_sent = 0;
    std::vector<std::function<void()>> m_reports;
};
} // namespace

// An answer waits for the reports: stored only when every tick is on the topic.
TEST(TickPublisher, StoredMeansEveryDeliveryReportSaidSo) {
    kse::MetricsRegistry metrics;
    for (const int failAt : {-1, 1}) {
        ReportingSink sink;
        sink.failAt = failAt;
        kse::TickPublisher publisher(sink, metrics);
        const std::vector<kse::Tick> batch{tick(1, "A"), tick(2, "B"), tick(3, "C")};
        std::thread broker([&] { sink.deliver(3); });
        const auto stored = publisher.publishStored(batch, std::chrono::seconds(10));
        broker.join();
        EXPECT_EQ(stored.queued, kse::ProduceStatus::Queued);
        EXPECT_EQ(stored.outcome,
                  failAt < 0 ? kse::DeliveryWait::Outcome::Delivered : kse::DeliveryWait::Outcome::Failed);
        EXPECT_EQ(stored.delivered, failAt < 0 ? 3 : 2);
    }
}

// No report in time: unconfirmed, never "stored".
TEST(TickPublisher, AMissingReportIsUnconfirmed) {
    kse::MetricsRegistry metrics;
    ReportingSink sink;
    kse::TickPublisher publisher(sink, metrics);
    const auto stored = publisher.publishStored(std::vector{tick(1, "A")}, std::chrono::milliseconds(20));
    EXPECT_EQ(stored.outcome, kse::DeliveryWait::Outcome::Unconfirmed);
    EXPECT_EQ(stored.delivered, 0);
}
