// A --kafka-config file is outside input (KafkaClientConfig::parse): accepted properties are
// within the bounds, never one KSE reserves for its guarantees, and keep no control character.
#include "fuzz_check.h"
#include "kafka/kafka_client_config.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

using kse::KafkaClientConfig;
using kse::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto config = KafkaClientConfig::parse(text);
    if (!config) {
        check(!config.error().empty(), "a refusal says why");
        return 0;
    }
    const auto clean = [](const std::string& s) {
        return std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
    };
    check(config.value().properties.size() <= KafkaClientConfig::kMaxProperties, "at most the settings allowed");
    check(clean(config.value().brokers), "brokers without control characters");
    for (const auto& [key, value] : config.value().properties) {
        check(!key.empty() && key.size() <= KafkaClientConfig::kMaxKeyBytes, "a key within bounds");
        check(value.size() <= KafkaClientConfig::kMaxValueBytes, "a value within bounds");
        check(clean(key) && clean(value), "no control characters");
        check(KafkaClientConfig::reserved().count(key) == 0, "never a setting KSE reserves");
        check(key != "bootstrap.servers" && key != "metadata.broker.list", "the brokers are kept apart");
    }
    return 0;
}
