#include "kafka/kafka_client_config.h"

#include <librdkafka/rdkafkacpp.h>

#include <memory>

#include "codec/key_value_lines.h"

namespace kse {

const std::map<std::string_view, std::string_view>& KafkaClientConfig::reserved() {
    static const std::map<std::string_view, std::string_view> kReserved{
        {"group.id", "each service names its own consumer group"},
        {"group.instance.id", "each member's identity follows its data directory"},
        {"client.id", "each client is named after its service, for the broker's logs and quotas"},
        {"transactional.id", "the order processor's transactions are fenced by it"},
        {"transaction.timeout.ms", "the order processor sizes its transactions by it"},
        {"enable.idempotence", "every producer is idempotent: no message is written twice"},
        {"acks", "every message is acknowledged by all in-sync replicas"},
        {"request.required.acks", "every message is acknowledged by all in-sync replicas"},
        {"isolation.level", "readers of transactional topics read committed messages only"},
        {"enable.auto.commit", "offsets are committed with the state they belong to"},
        {"enable.auto.offset.store", "offsets are committed with the state they belong to"},
        {"auto.offset.reset", "a new group reads its topics from the beginning"},
        {"partitioner", "keys map to partitions as the Java client maps them"},
        {"partition.assignment.strategy", "each service's rebalances are written for its strategy"},
        {"enable.partition.eof", "the consumers' loops do not expect end-of-partition events"},
    };
    return kReserved;
}

Result<KafkaClientConfig> KafkaClientConfig::parse(std::string_view text) {
    using R = Result<KafkaClientConfig>;
    auto lines = parseKeyValueLines(text, {kMaxFileBytes, kMaxProperties + 1, kMaxKeyBytes, kMaxValueBytes});
    if (!lines)
        return R::failure(lines.error());
    KafkaClientConfig config;
    for (auto& [number, key, value] : lines.value()) {
        const std::string where = "line " + std::to_string(number) + ": ";
        if (const auto it = reserved().find(key); it != reserved().end())
            return R::failure(where + key + " is KSE's to set: " + std::string(it->second));
        if (key == "bootstrap.servers" || key == "metadata.broker.list") {
            if (!config.brokers.empty())
                return R::failure(where + "the brokers are named twice");
            if (value.empty())
                return R::failure(where + key + " is empty");
            config.brokers = std::move(value);
            continue;
        }
        if (config.properties.size() >= kMaxProperties)
            return R::failure(where + "more than " + std::to_string(kMaxProperties) + " settings");
        config.properties.emplace(std::move(key), std::move(value));
    }
    return R::success(std::move(config));
}

Result<KafkaClientConfig> KafkaClientConfig::load(const std::string& path) {
    using R = Result<KafkaClientConfig>;
    const auto text = readBoundedFile(path, kMaxFileBytes);
    if (!text)
        return R::failure(text.error());
    auto config = parse(text.value());
    if (!config)
        return R::failure(path + ": " + config.error());
    const std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    std::string error;
    for (const auto& [key, value] : config.value().properties)
        if (conf->set(key, value, error) != RdKafka::Conf::CONF_OK)
            return R::failure(std::string(path).append(": ").append(key).append(": ").append(error));
    return config;
}

} // namespace kse
