#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "kafka/message_sink.h"
#include "kafka/topic_partition_offset.h"
#include "log/logger.h"

namespace kse {

struct GroupMetadata;

// Idempotent, acks=all producer with a bounded backlog. Delivery reports and broker state are
// served by its own polling thread; close() (or destruction) flushes what was accepted.
class Producer final : public MessageSink {
public:
    struct Options {
        std::string brokers;
        std::string clientId = "kse";
        int maxQueuedMessages = 1'000'000;
        int lingerMs = 2; // a tick to its candle on screen is a chain of producers: keep each short
        std::map<std::string, std::string> extra; // any further librdkafka setting
        // The process's --kafka-config (security, tuning): applied over every other setting.
        std::map<std::string, std::string> properties;
    };

    Producer(Options options, Logger& logger);
    ~Producer() override;
    Producer(const Producer&) = delete;
    Producer& operator=(const Producer&) = delete;

    ProduceStatus canAccept(std::size_t count) const override;
    ProduceStatus produce(std::string_view topic, std::string_view key, std::string_view value) override;
    ProduceStatus produceReported(std::string_view topic, std::string_view key, std::string_view value,
                                  const DeliveryReport::Callback& report) override;

    // Waits up to timeoutMs for every accepted message; returns how many are still undelivered.
    int flush(int timeoutMs);
    // Flushes, then stops the polling thread. Idempotent.
    void close(int timeoutMs = 30'000);

    // Transactions (with "transactional.id" in the options). Each call returns nothing on
    // success, else what librdkafka said and whether it may be retried or is fatal.
    struct TransactionError {
        std::string text;
        bool retriable = false;
        bool fatal = false;
    };
    std::optional<TransactionError> initTransactions(int timeoutMs);
    std::optional<TransactionError> beginTransaction();
    // Puts consumed offsets into the open transaction, under the consumer group's metadata.
    std::optional<TransactionError> sendOffsetsToTransaction(const std::vector<TopicPartitionOffset>& offsets,
                                                             const GroupMetadata& group, int timeoutMs);
    std::optional<TransactionError> commitTransaction(int timeoutMs);
    std::optional<TransactionError> abortTransaction(int timeoutMs);

    bool brokersReachable() const { return !m_brokersDown.load(std::memory_order_relaxed); }
    int queueDepth() const { return m_producer->outq_len(); }
    std::uint64_t delivered() const { return m_delivered.load(std::memory_order_relaxed); }
    std::uint64_t failed() const { return m_failed.load(std::memory_order_relaxed); }
    std::uint64_t rejected() const { return m_rejected.load(std::memory_order_relaxed); }
    RdKafka::Producer& handle() { return *m_producer; }

private:
    class Callbacks;
    void pollLoop(const std::stop_token& stop);
    bool probeBrokers(int timeoutMs);
    ProduceStatus enqueue(std::string_view topic, std::string_view key, std::string_view value, void* opaque);

    Logger& m_logger;
    int m_maxQueued;
    std::unique_ptr<Callbacks> m_callbacks;
    std::unique_ptr<RdKafka::Producer> m_producer;
    std::atomic<bool> m_brokersDown{false};
    std::atomic<std::uint64_t> m_delivered{0};
    std::atomic<std::uint64_t> m_failed{0};
    std::atomic<std::uint64_t> m_rejected{0};
    std::jthread m_poller;
    bool m_closed = false;
};

} // namespace kse
