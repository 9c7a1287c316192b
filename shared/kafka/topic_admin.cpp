#include "kafka/topic_admin.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <thread>

#include "kafka/kafka_error.h"

namespace kse {
namespace {

struct KafkaDeleter {
    void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
    void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
    void operator()(rd_kafka_event_t* e) const { rd_kafka_event_destroy(e); }
    void operator()(rd_kafka_AdminOptions_t* o) const { rd_kafka_AdminOptions_destroy(o); }
};

// What the admin client's callbacks see: the logger, and the first refusal of the client's
// credentials or security settings (error_cb runs in rd_kafka_poll, on the calling thread).
struct AdminContext {
    Logger& logger;
    std::string refused;
};

// librdkafka's own log lines go through our logger instead of straight to stderr.
void logThroughLogger(const rd_kafka_t* rk, int level, const char* facility, const char* message) {
    auto* context = static_cast<AdminContext*>(rd_kafka_opaque(rk));
    context->logger.log(level <= 3   ? LogLevel::Error
                        : level <= 4 ? LogLevel::Warning
                                     : LogLevel::Debug,
                        "kafka-admin", message, {{"facility", facility}});
}

void noteRefusal(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
    auto* context = static_cast<AdminContext*>(opaque);
    const bool fatal = err == RD_KAFKA_RESP_ERR__FATAL;
    if (context->refused.empty() && (err == RD_KAFKA_RESP_ERR__AUTHENTICATION || fatal)) {
        char fatalReason[512] = {};
        context->refused = fatal ? (rd_kafka_fatal_error(rk, fatalReason, sizeof fatalReason), fatalReason) : reason;
    }
}

// Whether every topic is served (each partition has a leader); nothing when no metadata came
// within timeoutMs.
std::optional<bool> topicsServed(rd_kafka_t* rk, const std::vector<std::string>& topics, int timeoutMs) {
    const rd_kafka_metadata_t* metadata = nullptr;
    if (rd_kafka_metadata(rk, 1, nullptr, &metadata, timeoutMs) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return std::nullopt;
    std::size_t found = 0;
    for (const auto& topic : topics)
        for (int i = 0; i < metadata->topic_cnt; ++i)
            if (const auto& t = metadata->topics[i];
                topic == t.topic && t.err == RD_KAFKA_RESP_ERR_NO_ERROR && t.partition_cnt > 0 &&
                std::all_of(t.partitions, t.partitions + t.partition_cnt, [](const rd_kafka_metadata_partition_t& p) {
                    return p.err == RD_KAFKA_RESP_ERR_NO_ERROR && p.leader >= 0;
                }))
                ++found;
    rd_kafka_metadata_destroy(metadata);
    return found == topics.size();
}

// topicsServed, asked in short turns so that a cluster refusing the client's credentials ends
// the wait at once, with the reason, instead of after timeoutMs of silence.
std::optional<bool> askTopicsServed(rd_kafka_t* rk, AdminContext& context, const std::string& brokers,
                                    const std::vector<std::string>& topics, int timeoutMs) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;) {
        const auto served = topicsServed(rk, topics, std::min(timeoutMs, 500));
        rd_kafka_poll(rk, 0);
        if (!context.refused.empty())
            throw KafkaError("kafka: " + brokers + " refused this client (check --kafka-config): " + context.refused);
        if (served || std::chrono::steady_clock::now() >= deadline)
            return served;
    }
}

bool allTopicsExist(rd_kafka_t* rk, const std::vector<std::string>& topics, int timeoutMs) {
    return topicsServed(rk, topics, timeoutMs).value_or(false);
}

} // namespace

void ensureTopics(const KafkaClientConfig& kafka, const std::vector<std::string>& topics, int partitions,
                  Logger& logger, int timeoutMs) {
    const std::string& brokers = kafka.brokers;
    char error[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    std::map<std::string, std::string> settings = kafka.properties;
    settings["bootstrap.servers"] = brokers;
    for (const auto& [key, value] : settings)
        if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            throw KafkaError("kafka admin: " + key + ": " + error);
        }
    AdminContext context{logger, {}};
    rd_kafka_conf_set_opaque(conf, &context);
    rd_kafka_conf_set_log_cb(conf, logThroughLogger);
    rd_kafka_conf_set_error_cb(conf, noteRefusal);
    std::unique_ptr<rd_kafka_t, KafkaDeleter> rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error));
    if (!rk)
        throw KafkaError(std::string("kafka admin: ") + error);

    const auto served = askTopicsServed(rk.get(), context, brokers, topics, timeoutMs);
    if (!served)
        throw KafkaError("kafka admin: no answer from " + brokers + " within " + std::to_string(timeoutMs) + " ms");
    if (*served)
        return; // the usual case after the first start, and all a cluster without CreateTopics needs

    std::vector<rd_kafka_NewTopic_t*> requests;
    for (const auto& topic : topics) {
        // Replication factor -1: the broker's default, so one node and many nodes both work.
        auto* request = rd_kafka_NewTopic_new(topic.c_str(), partitions, -1, error, sizeof error);
        if (!request) {
            rd_kafka_NewTopic_destroy_array(requests.data(), requests.size());
            throw KafkaError(std::string("kafka admin: ") + error);
        }
        requests.push_back(request);
    }
    std::unique_ptr<rd_kafka_queue_t, KafkaDeleter> queue(rd_kafka_queue_new(rk.get()));
    std::unique_ptr<rd_kafka_AdminOptions_t, KafkaDeleter> options(
        rd_kafka_AdminOptions_new(rk.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS));
    rd_kafka_AdminOptions_set_request_timeout(options.get(), timeoutMs, error, sizeof error);
    rd_kafka_CreateTopics(rk.get(), requests.data(), requests.size(), options.get(), queue.get());
    rd_kafka_NewTopic_destroy_array(requests.data(), requests.size());

    std::unique_ptr<rd_kafka_event_t, KafkaDeleter> event(rd_kafka_queue_poll(queue.get(), timeoutMs + 5000));
    if (!event)
        throw KafkaError("kafka admin: no answer from " + brokers + " while creating topics");
    if (rd_kafka_event_error(event.get())) {
        // Some clusters refuse CreateTopics (ACLs, or the embedded cluster of another process);
        // that is fine when the topics are there already.
        const std::string refusal = rd_kafka_event_error_string(event.get());
        if (!allTopicsExist(rk.get(), topics, timeoutMs))
            throw KafkaError("kafka admin: cannot create topics on " + brokers + ": " + refusal);
        logger.info("kafka-admin", "topics exist; creating them was refused", {{"error", refusal}});
        return;
    }
    const auto* result = rd_kafka_event_CreateTopics_result(event.get());
    std::size_t count = 0;
    const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(result, &count);
    for (std::size_t i = 0; i < count; ++i) {
        const auto err = rd_kafka_topic_result_error(results[i]);
        const std::string name = rd_kafka_topic_result_name(results[i]);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
            logger.info("kafka-admin", "topic created", {{"topic", name}, {"partitions", std::to_string(partitions)}});
        else if (err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
            throw KafkaError("kafka admin: topic " + name + ": " + rd_kafka_topic_result_error_string(results[i]));
    }
    // Created is not yet seen: a consumer that assigns itself a topic's partitions right after
    // would find none in the metadata (and read nothing) until every topic has its leaders.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (!allTopicsExist(rk.get(), topics, timeoutMs)) {
        if (std::chrono::steady_clock::now() > deadline)
            throw KafkaError("kafka admin: topics created on " + brokers + " are not served yet");
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

} // namespace kse
