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
    if (!context->refused.empty())
        return;
    if (err == RD_KAFKA_RESP_ERR__AUTHENTICATION) {
        context->refused = reason;
    } else if (err == RD_KAFKA_RESP_ERR__FATAL) {
        char fatal[512] = {};
        rd_kafka_fatal_error(rk, fatal, sizeof fatal);
        context->refused = fatal;
    }
}

// What the cluster's metadata says: how many brokers, and of each topic whether every
// partition has a leader and the fewest replicas of any partition.
struct ClusterView {
    int brokers = 0;
    struct Topic {
        bool served = false;
        int replicas = 0;
    };
    std::map<std::string, Topic> topics;

    bool allServed(const std::vector<TopicSpec>& specs) const {
        return std::all_of(specs.begin(), specs.end(), [&](const TopicSpec& spec) {
            const auto it = topics.find(spec.name);
            return it != topics.end() && it->second.served;
        });
    }
};

// The cluster's metadata; nothing when none came within timeoutMs.
std::optional<ClusterView> lookAt(rd_kafka_t* rk, int timeoutMs) {
    const rd_kafka_metadata_t* metadata = nullptr;
    if (rd_kafka_metadata(rk, 1, nullptr, &metadata, timeoutMs) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return std::nullopt;
    ClusterView view;
    view.brokers = metadata->broker_cnt;
    for (int i = 0; i < metadata->topic_cnt; ++i) {
        const auto& t = metadata->topics[i];
        if (t.err != RD_KAFKA_RESP_ERR_NO_ERROR || t.partition_cnt == 0)
            continue;
        ClusterView::Topic topic;
        topic.served =
            std::all_of(t.partitions, t.partitions + t.partition_cnt, [](const rd_kafka_metadata_partition_t& p) {
                return p.err == RD_KAFKA_RESP_ERR_NO_ERROR && p.leader >= 0;
            });
        topic.replicas =
            std::min_element(t.partitions, t.partitions + t.partition_cnt,
                             [](const rd_kafka_metadata_partition_t& a, const rd_kafka_metadata_partition_t& b) {
                                 return a.replica_cnt < b.replica_cnt;
                             })
                ->replica_cnt;
        view.topics[t.topic] = topic;
    }
    rd_kafka_metadata_destroy(metadata);
    return view;
}

// lookAt, asked in short turns so that a cluster refusing the client's credentials ends the
// wait at once, with the reason, instead of after timeoutMs of silence.
std::optional<ClusterView> lookUntil(rd_kafka_t* rk, AdminContext& context, const std::string& brokers, int timeoutMs) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;) {
        auto view = lookAt(rk, std::min(timeoutMs, 500));
        rd_kafka_poll(rk, 0);
        if (!context.refused.empty())
            throw KafkaError("kafka: " + brokers + " refused this client (check --kafka-config): " + context.refused);
        if (view || std::chrono::steady_clock::now() >= deadline)
            return view;
    }
}

std::optional<std::int64_t> number(const char* text) {
    if (!text)
        return std::nullopt;
    try {
        return std::stoll(text);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// The retention and min.insync.replicas of existing topics (DescribeConfigs), into `observed`.
// A cluster that will not say (ACLs) is a shortfall of its own: nothing can be checked.
void readSettings(rd_kafka_t* rk, std::map<std::string, ObservedTopic>& observed, std::vector<std::string>& notes,
                  int timeoutMs) {
    // librdkafka asks the controller; a cluster that names none (the embedded one) would only
    // make the start wait for the request's timeout.
    if (rd_kafka_controllerid(rk, std::min(timeoutMs, 2'000)) < 0) {
        notes.emplace_back("the topics' settings could not be read (the cluster names no controller), so retention "
                           "and min.insync.replicas are not checked");
        return;
    }
    timeoutMs = std::min(timeoutMs, 10'000);
    std::vector<rd_kafka_ConfigResource_t*> resources;
    for (const auto& [name, topic] : observed)
        resources.push_back(rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, name.c_str()));
    std::unique_ptr<rd_kafka_queue_t, KafkaDeleter> queue(rd_kafka_queue_new(rk));
    std::unique_ptr<rd_kafka_AdminOptions_t, KafkaDeleter> options(
        rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS));
    char error[512];
    rd_kafka_AdminOptions_set_request_timeout(options.get(), timeoutMs, error, sizeof error);
    rd_kafka_DescribeConfigs(rk, resources.data(), resources.size(), options.get(), queue.get());
    rd_kafka_ConfigResource_destroy_array(resources.data(), resources.size());
    std::unique_ptr<rd_kafka_event_t, KafkaDeleter> event(rd_kafka_queue_poll(queue.get(), timeoutMs + 5000));
    if (!event || rd_kafka_event_error(event.get())) {
        notes.push_back(std::string("the topics' settings could not be read, so retention and min.insync.replicas "
                                    "are not checked: ") +
                        (event ? rd_kafka_event_error_string(event.get()) : "no answer"));
        return;
    }
    std::size_t count = 0;
    const auto** results =
        rd_kafka_DescribeConfigs_result_resources(rd_kafka_event_DescribeConfigs_result(event.get()), &count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::string name = rd_kafka_ConfigResource_name(results[i]);
        const auto it = observed.find(name);
        if (it == observed.end())
            continue;
        if (rd_kafka_ConfigResource_error(results[i]) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            notes.push_back("topic " + name +
                            ": its settings could not be read: " + rd_kafka_ConfigResource_error_string(results[i]));
            continue;
        }
        std::size_t entries = 0;
        const auto** configs = rd_kafka_ConfigResource_configs(results[i], &entries);
        for (std::size_t e = 0; e < entries; ++e) {
            const std::string key = rd_kafka_ConfigEntry_name(configs[e]);
            const auto value = number(rd_kafka_ConfigEntry_value(configs[e]));
            if (key == "retention.ms")
                it->second.retentionMs = value;
            else if (key == "retention.bytes")
                it->second.retentionBytes = value;
            else if (key == "min.insync.replicas" && value)
                it->second.minInsyncReplicas = static_cast<int>(*value);
        }
    }
}

// Creates `missing` with the factor and each one's settings. Some clusters refuse CreateTopics
// (ACLs, or the embedded cluster of another process): that is fine when another client has
// created them meanwhile, which the wait for leaders that follows finds out.
void create(rd_kafka_t* rk, const std::vector<const TopicSpec*>& missing, int partitions, int factor,
            const std::string& brokers, Logger& logger, int timeoutMs) {
    char error[512];
    std::vector<rd_kafka_NewTopic_t*> requests;
    for (const TopicSpec* spec : missing) {
        auto* request = rd_kafka_NewTopic_new(spec->name.c_str(), partitions, factor, error, sizeof error);
        if (!request) {
            rd_kafka_NewTopic_destroy_array(requests.data(), requests.size());
            throw KafkaError(std::string("kafka admin: ") + error);
        }
        requests.push_back(request);
        for (const auto& [key, value] : creationSettings(*spec, factor))
            rd_kafka_NewTopic_set_config(request, key.c_str(), value.c_str());
    }
    std::unique_ptr<rd_kafka_queue_t, KafkaDeleter> queue(rd_kafka_queue_new(rk));
    std::unique_ptr<rd_kafka_AdminOptions_t, KafkaDeleter> options(
        rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS));
    rd_kafka_AdminOptions_set_request_timeout(options.get(), timeoutMs, error, sizeof error);
    rd_kafka_CreateTopics(rk, requests.data(), requests.size(), options.get(), queue.get());
    rd_kafka_NewTopic_destroy_array(requests.data(), requests.size());

    std::unique_ptr<rd_kafka_event_t, KafkaDeleter> event(rd_kafka_queue_poll(queue.get(), timeoutMs + 5000));
    if (!event)
        throw KafkaError("kafka admin: no answer from " + brokers + " while creating topics");
    if (rd_kafka_event_error(event.get())) {
        logger.info("kafka-admin", "creating topics was refused",
                    {{"error", rd_kafka_event_error_string(event.get())}});
        return;
    }
    std::size_t count = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &count);
    for (std::size_t i = 0; i < count; ++i) {
        const auto err = rd_kafka_topic_result_error(results[i]);
        const std::string name = rd_kafka_topic_result_name(results[i]);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
            logger.info("kafka-admin", "topic created",
                        {{"topic", name},
                         {"partitions", std::to_string(partitions)},
                         {"replication_factor", std::to_string(factor)}});
        else if (err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
            throw KafkaError("kafka admin: topic " + name + ": " + rd_kafka_topic_result_error_string(results[i]));
    }
}

} // namespace

std::vector<std::string> ensureTopics(const KafkaClientConfig& kafka, const std::vector<TopicSpec>& specs,
                                      const TopicPlan& plan, Logger& logger, int timeoutMs) {
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

    const auto view = lookUntil(rk.get(), context, brokers, timeoutMs);
    if (!view)
        throw KafkaError("kafka admin: no answer from " + brokers + " within " + std::to_string(timeoutMs) + " ms");
    const int factor = replicationFactorFor(plan, view->brokers);
    if (factor > view->brokers)
        throw KafkaError("kafka admin: replication factor " + std::to_string(factor) + " asked for, and " + brokers +
                         " has " + std::to_string(view->brokers) + " broker(s)");
    std::vector<const TopicSpec*> missing;
    std::map<std::string, ObservedTopic> existing;
    for (const TopicSpec& spec : specs) {
        const auto it = view->topics.find(spec.name);
        if (it == view->topics.end())
            missing.push_back(&spec);
        else
            existing[spec.name].replicas = it->second.replicas;
    }
    if (!missing.empty())
        create(rk.get(), missing, plan.partitions, factor, brokers, logger, timeoutMs);

    // Created is not yet seen: a consumer that assigns itself a topic's partitions right after
    // would find none in the metadata (and read nothing) until every topic has its leaders.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    for (auto now = lookAt(rk.get(), timeoutMs); !now || !now->allServed(specs); now = lookAt(rk.get(), timeoutMs)) {
        if (std::chrono::steady_clock::now() > deadline)
            throw KafkaError("kafka admin: the topics on " + brokers + " are not served yet");
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }

    std::vector<std::string> notes;
    if (!existing.empty())
        readSettings(rk.get(), existing, notes, timeoutMs);
    for (const TopicSpec& spec : specs)
        if (const auto it = existing.find(spec.name); it != existing.end())
            for (std::string& note : shortfalls(spec, factor, it->second))
                notes.push_back(std::move(note));
    for (const std::string& note : notes)
        logger.warning("kafka-admin", note);
    return notes;
}

} // namespace kse
