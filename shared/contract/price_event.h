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
// symbol, value = a bare decimal such as "187.250000", time = `referenceMs`). `referenceMs` is
// eventReference(message timestamp, now) (domain/limits.h): prices, volumes and times outside
// the bounds are refused, so one absurd tick cannot freeze or overflow a symbol.
Result<PriceEvent> decodeIngress(std::string_view key, std::string_view value, std::int64_t referenceMs);
// A `trades` message: {"symbol","price","qty","ts",…}, within the same bounds.
Result<PriceEvent> decodeTrade(std::string_view value, std::int64_t referenceMs);

} // namespace kse
