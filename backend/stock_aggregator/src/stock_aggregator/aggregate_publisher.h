#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "kafka/message_sink.h"
#include "stock_aggregator/candle_aggregator.h"

namespace kse {

// Puts candles on `stock-aggregates`: a forming candle at most once per `minIntervalMs` per
// symbol and interval (the newest state wins), a final one at once.
class AggregatePublisher {
public:
    AggregatePublisher(MessageSink& sink, std::int64_t minIntervalMs);

    void offer(const CandleAggregator::CandleChange& change, std::int64_t nowMs);
    // Sends the forming candles held back whose turn has come.
    void publishDue(std::int64_t nowMs);
    // Drops what is held back for a symbol: another member publishes it now.
    void release(const std::string& symbol);
    std::uint64_t published() const { return m_published; }

private:
    struct Slot {
        std::int64_t lastSent = std::numeric_limits<std::int64_t>::min() / 2;
        bool pending = false;
        Candle candle;
    };
    void send(const std::string& symbol, Interval interval, const Candle& candle, Slot& slot, std::int64_t nowMs);

    MessageSink& m_sink;
    std::int64_t m_minInterval;
    std::map<std::pair<std::string, Interval>, Slot> m_slots;
    std::vector<std::pair<std::string, Interval>> m_pending;
    std::uint64_t m_published = 0;
};

} // namespace kse
