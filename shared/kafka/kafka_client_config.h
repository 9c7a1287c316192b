#pragma once

#include <map>
#include <string>
#include <string_view>

#include "domain/result.h"

namespace kse {

// How every Kafka client of a process reaches the cluster: the bootstrap servers, and the
// librdkafka properties of a `--kafka-config` file (SASL, TLS, tuning), which each client applies
// over its own settings (docs/kafka.md, "A secured or managed cluster").
struct KafkaClientConfig {
    using Properties = std::map<std::string, std::string>;

    std::string brokers;
    Properties properties;

    // The properties of a file's text: `key=value` lines as `kcat -F` reads them; blank lines and
    // lines starting with `#` are skipped, spaces around keys and values trimmed. Refused: a
    // malformed or oversized line, a key given twice, and the settings KSE decides for its
    // guarantees (reserved()). `bootstrap.servers` (or `metadata.broker.list`) is kept apart:
    // it names the brokers when no --brokers does.
    static Result<KafkaClientConfig> parse(std::string_view text);
    // The file at `path`, parsed, and every property checked by librdkafka (an unknown name or a
    // value it refuses fails, naming the setting).
    static Result<KafkaClientConfig> load(const std::string& path);
    // The settings a file may not change, with the reason.
    static const std::map<std::string_view, std::string_view>& reserved();

    static constexpr std::size_t kMaxFileBytes = 64 * 1024;
    static constexpr std::size_t kMaxProperties = 256;
    static constexpr std::size_t kMaxKeyBytes = 256;
    static constexpr std::size_t kMaxValueBytes = 8 * 1024;
};

} // namespace kse
