#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/price.h"
#include "domain/result.h"

namespace kse {

// A price the aggregator counts: a tick from `stock-ingress` or an executed trade.
struct PriceEvent {
    std::string symbol;
    Price price;
    std::int64_t qty = 0;
    std::int64_t ts = 0;
};

// A `stock-ingress` message: the contract's JSON tick, or the original system's format (key =
// symbol, value = a bare decimal such as "187.250000", time = the message's timestamp).
Result<PriceEvent> decodeIngress(std::string_view key, std::string_view value, std::int64_t messageTs);
// A `trades` message: {"symbol","price","qty","ts",…}.
Result<PriceEvent> decodeTrade(std::string_view value);

} // namespace kse
