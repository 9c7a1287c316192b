#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/candle.h"
#include "domain/interval.h"
#include "domain/result.h"

namespace kse {

class JsonWriter;

// One message of `stock-aggregates`: a candle of one symbol and interval, forming or final.
struct AggregateMessage {
    std::string symbol;
    Interval interval = Interval::Minute1;
    Candle candle; // notional = vwap × volume, so that vwap() gives back what was sent
};

// The candle's part of the JSON, in `stock-aggregates` and in the candles HTTP answers: start,
// open, high, low, close, volume, vwap, count, final.
void writeCandleFields(JsonWriter& writer, const Candle& candle);

std::string encodeAggregateMessage(std::string_view symbol, Interval interval, const Candle& candle);
// Prices, volumes and times are bounded (domain/limits.h); `referenceMs` is
// eventReference(message timestamp, now).
Result<AggregateMessage> decodeAggregateMessage(std::string_view json, std::int64_t referenceMs);

} // namespace kse
