#include "kafka/kafka_client_config.h"

#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>

namespace kse {
namespace {

std::string_view trimmed(std::string_view text) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!text.empty() && space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && space(text.back()))
        text.remove_suffix(1);
    return text;
}

bool printable(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x20; });
}

} // namespace

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
    if (text.size() > kMaxFileBytes)
        return R::failure("larger than " + std::to_string(kMaxFileBytes / 1024) + " KiB");
    KafkaClientConfig config;
    int number = 0;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const std::string_view raw = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        ++number;
        const std::string_view line = trimmed(raw);
        if (line.empty() || line.front() == '#')
            continue;
        const std::string where = "line " + std::to_string(number) + ": ";
        const auto equals = line.find('=');
        if (equals == std::string_view::npos)
            return R::failure(where + "not key=value");
        const std::string_view key = trimmed(line.substr(0, equals));
        const std::string_view value = trimmed(line.substr(equals + 1));
        if (key.empty())
            return R::failure(where + "no key before '='");
        if (key.size() > kMaxKeyBytes || value.size() > kMaxValueBytes)
            return R::failure(where + "longer than a setting can be");
        if (!printable(key) || !printable(value))
            return R::failure(where + "control characters");
        if (const auto it = reserved().find(key); it != reserved().end())
            return R::failure(where + std::string(key) + " is KSE's to set: " + std::string(it->second));
        if (key == "bootstrap.servers" || key == "metadata.broker.list") {
            if (!config.brokers.empty())
                return R::failure(where + "the brokers are named twice");
            if (value.empty())
                return R::failure(where + std::string(key) + " is empty");
            config.brokers = std::string(value);
            continue;
        }
        if (config.properties.size() >= kMaxProperties)
            return R::failure(where + "more than " + std::to_string(kMaxProperties) + " settings");
        if (!config.properties.emplace(std::string(key), std::string(value)).second)
            return R::failure(where + std::string(key) + " is set twice");
    }
    return R::success(std::move(config));
}

Result<KafkaClientConfig> KafkaClientConfig::load(const std::string& path) {
    using R = Result<KafkaClientConfig>;
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return R::failure("cannot read " + path);
    std::string text(kMaxFileBytes + 1, '\0');
    file.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(file.gcount()));
    auto config = parse(text);
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
