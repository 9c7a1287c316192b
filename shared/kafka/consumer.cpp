#include "kafka/consumer.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "kafka/kafka_config.h"
#include "kafka/kafka_error.h"

namespace kse {
namespace {

constexpr std::string_view kComponent = "kafka-consumer";
// One question to a partition's leader: short, so that a leader that went away costs little
// before the question goes to its successor.
constexpr int kAttemptMs = 2'000;

// Whether a question to a partition's leader may be answered if asked again.
bool askAgain(RdKafka::ErrorCode err) {
    return err == RdKafka::ERR_NOT_LEADER_FOR_PARTITION || err == RdKafka::ERR_LEADER_NOT_AVAILABLE ||
           err == RdKafka::ERR_UNKNOWN_TOPIC_OR_PART || err == RdKafka::ERR__TIMED_OUT ||
           err == RdKafka::ERR__TRANSPORT || err == RdKafka::ERR_REQUEST_TIMED_OUT ||
           err == RdKafka::ERR_FENCED_LEADER_EPOCH || err == RdKafka::ERR_UNKNOWN_LEADER_EPOCH ||
           err == RdKafka::ERR_NOT_COORDINATOR || err == RdKafka::ERR_COORDINATOR_NOT_AVAILABLE;
}

std::vector<TopicPartitionOffset> toOffsets(const std::vector<RdKafka::TopicPartition*>& partitions) {
    std::vector<TopicPartitionOffset> out;
    out.reserve(partitions.size());
    for (const auto* p : partitions)
        out.push_back({p->topic(), p->partition(), p->offset()});
    return out;
}

struct PartitionList {
    std::vector<RdKafka::TopicPartition*> items;
    explicit PartitionList(const std::vector<TopicPartitionOffset>& offsets) {
        for (const auto& o : offsets)
            items.push_back(RdKafka::TopicPartition::create(o.topic, o.partition, o.offset));
    }
    ~PartitionList() { RdKafka::TopicPartition::destroy(items); }
    PartitionList(const PartitionList&) = delete;
    PartitionList& operator=(const PartitionList&) = delete;
};

} // namespace

class Consumer::Rebalancer final : public RdKafka::RebalanceCb, public RdKafka::EventCb {
public:
    explicit Rebalancer(Logger& logger) : m_logger(logger) {}

    // Eager protocols hand over the whole assignment each time; the cooperative one only what
    // moves (the partitions added or taken away), and the rest keeps being read meanwhile. The
    // hooks see exactly the partitions that come or go either way.
    void rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode err,
                      std::vector<RdKafka::TopicPartition*>& partitions) override {
        const bool cooperative = consumer->rebalance_protocol() == "COOPERATIVE";
        if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
            auto offsets = toOffsets(partitions);
            for (auto& o : offsets)
                o.offset = RdKafka::Topic::OFFSET_INVALID;
            if (assigned)
                assigned(offsets);
            for (std::size_t i = 0; i < partitions.size(); ++i)
                if (offsets[i].offset != RdKafka::Topic::OFFSET_INVALID) // also OFFSET_END/BEGINNING
                    partitions[i]->set_offset(offsets[i].offset);
            m_logger.info(kComponent, "partitions assigned", {{"count", std::to_string(partitions.size())}});
            if (cooperative)
                check(consumer->incremental_assign(partitions), "incremental assign");
            else
                consumer->assign(partitions);
        } else {
            if (revoked)
                revoked(toOffsets(partitions));
            m_logger.info(kComponent, "partitions revoked", {{"count", std::to_string(partitions.size())}});
            if (cooperative)
                check(consumer->incremental_unassign(partitions), "incremental unassign");
            else
                consumer->unassign();
        }
    }

    void event_cb(RdKafka::Event& event) override {
        if (event.type() == RdKafka::Event::EVENT_ERROR && event.err() == RdKafka::ERR__AUTHENTICATION) {
            const std::lock_guard lock(m_refusalMutex);
            if (m_refusal.empty())
                m_refusal = event.str();
        }
        if (event.type() == RdKafka::Event::EVENT_ERROR)
            m_logger.log(event.fatal() ? LogLevel::Error : LogLevel::Debug, kComponent, "client error",
                         {{"error", event.str()}});
        else if (event.type() == RdKafka::Event::EVENT_LOG &&
                 event.severity() <= RdKafka::Event::EVENT_SEVERITY_WARNING)
            m_logger.warning(kComponent, event.str(), {{"facility", event.fac()}});
    }

    std::function<void(std::vector<TopicPartitionOffset>&)> assigned;
    PartitionsHook revoked;

    std::string refusal() const {
        const std::lock_guard lock(m_refusalMutex);
        return m_refusal;
    }

private:
    // librdkafka hands back an error object that is ours to delete; a failed (un)assignment is
    // logged: the consumer's next poll reports the state it leaves.
    void check(RdKafka::Error* returned, std::string_view what) {
        const std::unique_ptr<RdKafka::Error> error(returned);
        if (error)
            m_logger.error(kComponent, std::string(what) + " failed", {{"error", error->str()}});
    }

    Logger& m_logger;
    mutable std::mutex m_refusalMutex;
    std::string m_refusal; // the first refusal of the client's credentials
};

Consumer::Consumer(Options options, Logger& logger)
    : m_logger(logger), m_rebalancer(std::make_unique<Rebalancer>(logger)) {
    std::map<std::string, std::string> settings{
        {"bootstrap.servers", options.brokers},
        {"group.id", options.groupId.empty() ? std::string("kse-reader") : options.groupId},
        {"client.id", options.clientId},
        {"enable.auto.commit", "false"},
        {"enable.auto.offset.store", "false"},
        {"auto.offset.reset", "earliest"},
        {"isolation.level", options.readCommitted ? "read_committed" : "read_uncommitted"},
        // A broker back from an outage is tried again within a second, not librdkafka's 10 s.
        {"reconnect.backoff.max.ms", "1000"},
        // Partition leaders are learnt again every 2 s, not every 5 minutes: a question asked
        // while partitions are assigned (no fetch running to notice) would otherwise go to a
        // leader that went away until its broker came back.
        {"topic.metadata.refresh.interval.ms", "2000"},
    };
    for (const auto& [key, value] : options.extra)
        settings[key] = value;
    for (const auto& [key, value] : options.properties)
        settings[key] = value;
    m_conf = makeKafkaConfig(settings);
    std::string error;
    if (m_conf->set("rebalance_cb", static_cast<RdKafka::RebalanceCb*>(m_rebalancer.get()), error) !=
            RdKafka::Conf::CONF_OK ||
        m_conf->set("event_cb", static_cast<RdKafka::EventCb*>(m_rebalancer.get()), error) != RdKafka::Conf::CONF_OK)
        throw KafkaError("kafka consumer callbacks: " + error);
    m_consumer.reset(RdKafka::KafkaConsumer::create(m_conf.get(), error));
    if (!m_consumer)
        throw KafkaError("kafka consumer: " + error);
}

Consumer::~Consumer() { close(); }

void Consumer::onAssigned(std::function<void(std::vector<TopicPartitionOffset>&)> hook) {
    m_rebalancer->assigned = std::move(hook);
}

void Consumer::onRevoked(PartitionsHook hook) { m_rebalancer->revoked = std::move(hook); }

void Consumer::subscribe(const std::vector<std::string>& topics) {
    if (const auto err = m_consumer->subscribe(topics); err != RdKafka::ERR_NO_ERROR)
        throw KafkaError("kafka subscribe: " + RdKafka::err2str(err));
    m_topics = topics;
}

void Consumer::rejoin(const std::string& reason) {
    // librdkafka 2.0.2 times a static member's session out itself when its group coordinator goes
    // away (a broker killed), joins again under the same group.instance.id, and is then fenced by
    // its own new membership: a fatal error, after which the consumer reads nothing for good.
    // A new consumer of the same identity takes the member's place, as a restarted process would.
    m_logger.error(kComponent, "consumer failed for good; joining the group again", {{"error", reason}});
    m_consumer->close(); // the revoked hook sees the partitions go
    std::string error;
    m_consumer.reset(RdKafka::KafkaConsumer::create(m_conf.get(), error));
    if (!m_consumer)
        throw KafkaError("kafka consumer: " + error);
    if (!m_topics.empty())
        subscribe(m_topics);
}

void Consumer::refreshMetadata(const std::string& topic, int timeoutMs) {
    // A partition's leader is asked from librdkafka's metadata cache, which still names a broker
    // that went away until something refreshes it: this does, from any broker still serving.
    std::string error;
    std::unique_ptr<RdKafka::Topic> handle(RdKafka::Topic::create(m_consumer.get(), topic, nullptr, error));
    RdKafka::Metadata* raw = nullptr;
    if (handle && m_consumer->metadata(false, handle.get(), &raw, timeoutMs) == RdKafka::ERR_NO_ERROR)
        delete raw;
}

void Consumer::assign(const std::vector<TopicPartitionOffset>& partitions) {
    auto starts = partitions;
    for (auto& p : starts)
        if (p.offset < 0)
            p.offset = RdKafka::Topic::OFFSET_BEGINNING;
    PartitionList list(starts);
    if (const auto err = m_consumer->assign(list.items); err != RdKafka::ERR_NO_ERROR)
        throw KafkaError("kafka assign: " + RdKafka::err2str(err));
}

std::unique_ptr<RdKafka::Message> Consumer::poll(int timeoutMs) {
    std::unique_ptr<RdKafka::Message> message(m_consumer->consume(timeoutMs));
    switch (message->err()) {
    case RdKafka::ERR_NO_ERROR: return message;
    case RdKafka::ERR__TIMED_OUT:
    case RdKafka::ERR__PARTITION_EOF: return nullptr;
    case RdKafka::ERR__FATAL: {
        std::string reason;
        m_consumer->fatal_error(reason);
        rejoin(reason);
        return nullptr;
    }
    default: m_logger.warning(kComponent, "consume error", {{"error", message->errstr()}}); return nullptr;
    }
}

std::string Consumer::refusal() const { return m_rebalancer->refusal(); }

std::vector<TopicPartitionOffset> Consumer::committed(const std::vector<TopicPartitionOffset>& partitions,
                                                      int timeoutMs) {
    std::vector<RdKafka::TopicPartition*> list;
    for (const auto& p : partitions)
        list.push_back(RdKafka::TopicPartition::create(p.topic, p.partition));
    const auto err = m_consumer->committed(list, timeoutMs);
    std::vector<TopicPartitionOffset> out;
    for (RdKafka::TopicPartition* p : list) {
        out.push_back({p->topic(), p->partition(), err == RdKafka::ERR_NO_ERROR ? p->offset() : -1});
        delete p;
    }
    if (err != RdKafka::ERR_NO_ERROR)
        throw KafkaError("kafka committed offsets: " + RdKafka::err2str(err));
    return out;
}

void Consumer::seek(const TopicPartitionOffset& position, int timeoutMs) {
    std::unique_ptr<RdKafka::TopicPartition> partition(
        RdKafka::TopicPartition::create(position.topic, position.partition, position.offset));
    if (const auto err = m_consumer->seek(*partition, timeoutMs); err != RdKafka::ERR_NO_ERROR)
        throw KafkaError("kafka seek " + position.topic + ": " + RdKafka::err2str(err));
}

void Consumer::commit(const std::vector<TopicPartitionOffset>& offsets) {
    PartitionList list(offsets);
    if (const auto err = m_consumer->commitSync(list.items); err != RdKafka::ERR_NO_ERROR)
        throw KafkaError("kafka commit: " + RdKafka::err2str(err));
}

void Consumer::commitAsync(const std::vector<TopicPartitionOffset>& offsets) {
    PartitionList list(offsets);
    m_consumer->commitAsync(list.items);
}

std::pair<std::int64_t, std::int64_t> Consumer::watermarks(const std::string& topic, std::int32_t partition,
                                                           int timeoutMs) {
    std::int64_t low = 0;
    std::int64_t high = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;) {
        const auto err =
            m_consumer->query_watermark_offsets(topic, partition, &low, &high, std::min(timeoutMs, kAttemptMs));
        if (err == RdKafka::ERR_NO_ERROR)
            return {low, high};
        // A topic created a moment ago has no leader yet, or the cluster moves it, or its leader
        // went away: ask again (knowing the new leader) until the deadline rather than fail.
        if (!askAgain(err) || std::chrono::steady_clock::now() >= deadline)
            throw KafkaError("kafka watermarks of " + topic + ": " + RdKafka::err2str(err));
        refreshMetadata(topic, kAttemptMs);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

int Consumer::partitionCount(const std::string& topic, int timeoutMs) {
    std::string error;
    std::unique_ptr<RdKafka::Topic> handle(RdKafka::Topic::create(m_consumer.get(), topic, nullptr, error));
    RdKafka::Metadata* raw = nullptr;
    if (const auto err = m_consumer->metadata(false, handle.get(), &raw, timeoutMs); err != RdKafka::ERR_NO_ERROR)
        throw KafkaError("kafka metadata of " + topic + ": " + RdKafka::err2str(err));
    std::unique_ptr<RdKafka::Metadata> metadata(raw);
    for (const auto* t : *metadata->topics())
        if (t->topic() == topic && t->err() == RdKafka::ERR_NO_ERROR)
            return static_cast<int>(t->partitions()->size());
    return 0;
}

std::vector<TopicPartitionOffset> Consumer::offsetsForTimes(const std::vector<TopicPartitionOffset>& times,
                                                            int timeoutMs) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;) {
        PartitionList list(times); // each question starts from the times: an answer overwrites them
        const auto err = m_consumer->offsetsForTimes(list.items, std::min(timeoutMs, kAttemptMs));
        if (err == RdKafka::ERR_NO_ERROR)
            return toOffsets(list.items);
        if (!askAgain(err) || std::chrono::steady_clock::now() >= deadline)
            throw KafkaError("kafka offsetsForTimes: " + RdKafka::err2str(err));
        std::set<std::string> topics;
        for (const auto& t : times)
            if (topics.insert(t.topic).second)
                refreshMetadata(t.topic, kAttemptMs);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

void Consumer::close() {
    if (m_closed)
        return;
    m_closed = true;
    m_consumer->close();
}

} // namespace kse
