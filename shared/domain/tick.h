#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/price.h"

namespace kse {

// One observed price of one symbol: what `stock-ingress` carries.
struct Tick {
    std::int64_t id = 0;
    std::string symbol;
    Price price;
    std::optional<std::int64_t> volume;
    std::int64_t ts = 0; // milliseconds since the epoch
};

constexpr std::size_t kMaxSymbolLength = 32;

// Why a symbol is unacceptable, or nothing when it is fine. Symbols are 1–32 characters of
// letters, digits and . - _ ^ so that they are safe as Kafka keys, URL segments and file names.
std::optional<std::string> symbolError(std::string_view symbol);

// Why a tick is unacceptable, or nothing. The first three messages are the original service's.
// The price and volume are bounded (domain/limits.h) and `ts` must lie in the event-time window
// around `referenceMs` (the time of arrival, or a Kafka message's reference).
std::optional<std::string> tickError(const Tick& tick, std::int64_t referenceMs);

} // namespace kse
