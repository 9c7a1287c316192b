#include "stocks/tick_publisher.h"

#include "contract/tick_codec.h"
#include "contract/topics.h"

namespace kse {

TickPublisher::TickPublisher(MessageSink& sink, MetricsRegistry& metrics)
    : m_sink(sink)
    , m_published(metrics.counter("kse_ticks_published_total", "Ticks handed to the producer for stock-ingress")) {}

ProduceStatus TickPublisher::produce(const Tick& tick) {
    const std::string value = encodeTick(tick);
    const auto status = m_sink.produce(topics::kStockIngress, tick.symbol, value);
    if (status == ProduceStatus::Queued)
        m_published.fetch_add(1, std::memory_order_relaxed);
    return status;
}

ProduceStatus TickPublisher::publish(const Tick& tick) { return produce(tick); }

ProduceStatus TickPublisher::publishAll(std::span<const Tick> ticks) {
    // Requests are served one at a time on the HTTP thread and the backlog only drains in
    // between, so room checked here is still there for every tick of the batch.
    if (const auto room = m_sink.canAccept(ticks.size()); room != ProduceStatus::Queued)
        return room;
    for (const Tick& tick : ticks)
        if (const auto status = produce(tick); status != ProduceStatus::Queued)
            return status;
    return ProduceStatus::Queued;
}

} // namespace kse
