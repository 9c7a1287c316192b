#include "kafka/producer.h"

#include "kafka/group_metadata.h"

#include <chrono>

#include "kafka/kafka_config.h"
#include "kafka/kafka_error.h"

namespace kse {
namespace {
constexpr std::string_view kComponent = "kafka-producer";
}

class Producer::Callbacks final : public RdKafka::DeliveryReportCb, public RdKafka::EventCb {
public:
    explicit Callbacks(Producer& owner) : m_owner(owner) {}

    void dr_cb(RdKafka::Message& message) override {
        if (auto* callback = static_cast<DeliveryReport::Callback*>(message.msg_opaque())) {
            (*callback)(DeliveryReport{outcome(message), message.partition(), message.offset()});
            delete callback;
        }
        if (message.err() == RdKafka::ERR_NO_ERROR) {
            m_owner.m_delivered.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        // Log the first failures and then every thousandth, so an outage cannot flood the log.
        const auto failed = m_owner.m_failed.fetch_add(1, std::memory_order_relaxed);
        if (failed < 10 || failed % 1000 == 0)
            m_owner.m_logger.error(kComponent, "delivery failed",
                                   {{"topic", message.topic_name()},
                                    {"error", message.errstr()},
                                    {"failed_total", std::to_string(failed + 1)}});
    }

    void event_cb(RdKafka::Event& event) override {
        if (event.type() == RdKafka::Event::EVENT_LOG) {
            if (event.severity() <= RdKafka::Event::EVENT_SEVERITY_WARNING)
                m_owner.m_logger.warning(kComponent, event.str(), {{"facility", event.fac()}});
            return;
        }
        if (event.type() != RdKafka::Event::EVENT_ERROR)
            return;
        if (event.err() == RdKafka::ERR__ALL_BROKERS_DOWN || event.fatal()) {
            if (!m_owner.m_brokersDown.exchange(true))
                m_owner.m_logger.error(kComponent, "brokers unreachable", {{"error", event.str()}});
        } else {
            m_owner.m_logger.debug(kComponent, "client error", {{"error", event.str()}});
        }
    }

private:
    static DeliveryReport::Outcome outcome(const RdKafka::Message& message) {
        if (message.err() == RdKafka::ERR_NO_ERROR)
            return DeliveryReport::Outcome::Persisted;
        return message.status() == RdKafka::Message::MSG_STATUS_NOT_PERSISTED
                   ? DeliveryReport::Outcome::NotPersisted
                   : DeliveryReport::Outcome::PossiblyPersisted;
    }

    Producer& m_owner;
};

Producer::Producer(Options options, Logger& logger)
    : m_logger(logger), m_maxQueued(options.maxQueuedMessages), m_callbacks(std::make_unique<Callbacks>(*this)) {
    std::map<std::string, std::string> settings{
        {"bootstrap.servers", options.brokers},
        {"client.id", options.clientId},
        {"enable.idempotence", "true"},
        {"acks", "all"},
        {"linger.ms", std::to_string(options.lingerMs)},
        {"queue.buffering.max.messages", std::to_string(options.maxQueuedMessages)},
        // Same key → partition mapping as the Java client, so every producer agrees.
        {"partitioner", "murmur2_random"},
        // A broker back from an outage is tried again within a second, not librdkafka's 10 s.
        {"reconnect.backoff.max.ms", "1000"},
    };
    for (const auto& [key, value] : options.extra)
        settings[key] = value;
    for (const auto& [key, value] : options.properties)
        settings[key] = value;
    auto conf = makeKafkaConfig(settings);
    std::string error;
    if (conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(m_callbacks.get()), error) !=
            RdKafka::Conf::CONF_OK ||
        conf->set("event_cb", static_cast<RdKafka::EventCb*>(m_callbacks.get()), error) != RdKafka::Conf::CONF_OK)
        throw KafkaError("kafka producer callbacks: " + error);
    m_producer.reset(RdKafka::Producer::create(conf.get(), error));
    if (!m_producer)
        throw KafkaError("kafka producer: " + error);
    if (!probeBrokers(5000)) {
        m_brokersDown = true;
        m_logger.warning(kComponent, "brokers not reachable yet", {{"brokers", options.brokers}});
    }
    m_poller = std::jthread([this](const std::stop_token& stop) { pollLoop(stop); });
}

Producer::~Producer() { close(); }

bool Producer::probeBrokers(int timeoutMs) {
    RdKafka::Metadata* metadata = nullptr;
    const auto err = m_producer->metadata(false, nullptr, &metadata, timeoutMs);
    delete metadata;
    return err == RdKafka::ERR_NO_ERROR;
}

void Producer::pollLoop(const std::stop_token& stop) {
    using Clock = std::chrono::steady_clock;
    auto nextProbe = Clock::now();
    while (!stop.stop_requested()) {
        m_producer->poll(100);
        // librdkafka says when every broker is gone but not when one is back; ask it, sparingly.
        if (m_brokersDown.load(std::memory_order_relaxed) && Clock::now() >= nextProbe) {
            if (probeBrokers(1000)) {
                m_brokersDown = false;
                m_logger.info(kComponent, "brokers reachable again");
            }
            nextProbe = Clock::now() + std::chrono::milliseconds(500);
        }
    }
}

ProduceStatus Producer::canAccept(std::size_t count) const {
    if (m_brokersDown.load(std::memory_order_relaxed))
        return ProduceStatus::Unavailable;
    if (static_cast<std::size_t>(m_producer->outq_len()) + count > static_cast<std::size_t>(m_maxQueued))
        return ProduceStatus::QueueFull;
    return ProduceStatus::Queued;
}

ProduceStatus Producer::produce(std::string_view topic, std::string_view key, std::string_view value) {
    return enqueue(topic, key, value, nullptr);
}

ProduceStatus Producer::produceReported(std::string_view topic, std::string_view key, std::string_view value,
                                        const DeliveryReport::Callback& report) {
    // The message owns its callback until its report: the caller may be gone by then.
    auto* opaque = new DeliveryReport::Callback(report);
    const ProduceStatus status = enqueue(topic, key, value, opaque);
    if (status != ProduceStatus::Queued)
        delete opaque;
    return status;
}

ProduceStatus Producer::enqueue(std::string_view topic, std::string_view key, std::string_view value, void* opaque) {
    if (m_brokersDown.load(std::memory_order_relaxed)) {
        m_rejected.fetch_add(1, std::memory_order_relaxed);
        return ProduceStatus::Unavailable;
    }
    const auto err =
        m_producer->produce(std::string(topic), RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
                            const_cast<char*>(value.data()), value.size(), key.data(), key.size(), 0, opaque);
    if (err == RdKafka::ERR_NO_ERROR)
        return ProduceStatus::Queued;
    m_rejected.fetch_add(1, std::memory_order_relaxed);
    if (err == RdKafka::ERR__QUEUE_FULL)
        return ProduceStatus::QueueFull;
    m_logger.error(kComponent, "produce refused", {{"topic", std::string(topic)}, {"error", RdKafka::err2str(err)}});
    return ProduceStatus::Unavailable;
}

int Producer::flush(int timeoutMs) {
    m_producer->flush(timeoutMs);
    return m_producer->outq_len();
}

void Producer::close(int timeoutMs) {
    if (m_closed)
        return;
    m_closed = true;
    const int left = flush(timeoutMs);
    if (left > 0)
        m_logger.error(kComponent, "messages not delivered at shutdown", {{"count", std::to_string(left)}});
    m_poller.request_stop();
    if (m_poller.joinable())
        m_poller.join();
}

namespace {
// librdkafka's transactional calls return an owned error object, or nullptr on success.
std::optional<Producer::TransactionError> transactionError(RdKafka::Error* raw) {
    const std::unique_ptr<RdKafka::Error> error(raw);
    if (!error)
        return std::nullopt;
    return Producer::TransactionError{error->str(), error->is_retriable(), error->is_fatal()};
}
} // namespace

std::optional<Producer::TransactionError> Producer::initTransactions(int timeoutMs) {
    return transactionError(m_producer->init_transactions(timeoutMs));
}

std::optional<Producer::TransactionError> Producer::beginTransaction() {
    return transactionError(m_producer->begin_transaction());
}

std::optional<Producer::TransactionError>
Producer::sendOffsetsToTransaction(const std::vector<TopicPartitionOffset>& offsets, const GroupMetadata& group,
                                   int timeoutMs) {
    std::vector<RdKafka::TopicPartition*> list;
    for (const auto& o : offsets)
        list.push_back(RdKafka::TopicPartition::create(o.topic, o.partition, o.offset));
    auto error = transactionError(m_producer->send_offsets_to_transaction(list, group.handle.get(), timeoutMs));
    RdKafka::TopicPartition::destroy(list);
    return error;
}

std::optional<Producer::TransactionError> Producer::commitTransaction(int timeoutMs) {
    return transactionError(m_producer->commit_transaction(timeoutMs));
}

std::optional<Producer::TransactionError> Producer::abortTransaction(int timeoutMs) {
    return transactionError(m_producer->abort_transaction(timeoutMs));
}

} // namespace kse
