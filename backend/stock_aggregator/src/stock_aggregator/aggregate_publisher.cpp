#include "stock_aggregator/aggregate_publisher.h"

#include <algorithm>

#include "contract/aggregate_message.h"
#include "contract/topics.h"

namespace kse {

AggregatePublisher::AggregatePublisher(MessageSink& sink, std::int64_t minIntervalMs)
    : m_sink(sink), m_minInterval(minIntervalMs) {}

void AggregatePublisher::send(const std::string& symbol, Interval interval, const Candle& candle, Slot& slot,
                              std::int64_t nowMs) {
    if (m_sink.produce(topics::kStockAggregates, symbol, encodeAggregateMessage(symbol, interval, candle)) ==
        ProduceStatus::Queued) {
        ++m_published;
        if (!candle.final) // the limit is on forming candles; a final does not delay the next one
            slot.lastSent = nowMs;
        slot.pending = false;
        return;
    }
    // A full backlog or an unreachable cluster: hold the candle back and try again on the next
    // round, so a final candle is not lost to readers (the Stocks DB has it in any case).
    slot.candle = candle;
    slot.lastSent = nowMs;
    if (!slot.pending) {
        slot.pending = true;
        m_pending.emplace_back(symbol, interval);
    }
}

void AggregatePublisher::offer(const CandleAggregator::CandleChange& change, std::int64_t nowMs) {
    auto key = std::make_pair(std::string(change.symbol), change.interval);
    Slot& slot = m_slots[key];
    // A newer window of the same symbol and interval supersedes the held-back one only after
    // that one went out, so no candle is skipped: send the held one first.
    if (slot.pending && slot.candle.start != change.candle.start)
        send(key.first, key.second, slot.candle, slot, nowMs);
    if (change.candle.final || nowMs - slot.lastSent >= m_minInterval) {
        send(key.first, key.second, change.candle, slot, nowMs);
        return;
    }
    slot.candle = change.candle;
    if (!slot.pending) {
        slot.pending = true;
        m_pending.push_back(std::move(key));
    }
}

void AggregatePublisher::publishDue(std::int64_t nowMs) {
    std::erase_if(m_pending, [&](const auto& key) {
        Slot& slot = m_slots[key];
        if (!slot.pending)
            return true;
        if (nowMs - slot.lastSent < m_minInterval)
            return false;
        send(key.first, key.second, slot.candle, slot, nowMs);
        return !slot.pending; // kept when the sink refused it, for the next round
    });
}

void AggregatePublisher::release(const std::string& symbol) {
    std::erase_if(m_pending, [&](const auto& key) { return key.first == symbol; });
    for (const Interval interval : kIntervals)
        m_slots.erase({symbol, interval});
}

} // namespace kse
