#include "stocks/tick_publisher.h"

#include "contract/tick_codec.h"
#include "contract/topics.h"

namespace kse {

TickPublisher::TickPublisher(MessageSink& sink, MetricsRegistry& metrics)
    : m_sink(sink)
    , m_published(metrics.counter("kse_ticks_published_total", "Ticks handed to the producer for stock-ingress")) {}

ProduceStatus TickPublisher::produce(const Tick& tick, const std::shared_ptr<DeliveryWait>& wait) {
    const std::string value = encodeTick(tick);
    const auto status = wait ? m_sink.produceTracked(topics::kStockIngress, tick.symbol, value, wait)
                             : m_sink.produce(topics::kStockIngress, tick.symbol, value);
    if (status == ProduceStatus::Queued)
        m_published.fetch_add(1, std::memory_order_relaxed);
    return status;
}

ProduceStatus TickPublisher::queueAll(std::span<const Tick> ticks, const std::shared_ptr<DeliveryWait>& wait) {
    const std::lock_guard lock(m_queueing);
    if (ticks.size() > 1)
        if (const auto room = m_sink.canAccept(ticks.size()); room != ProduceStatus::Queued)
            return room;
    for (const Tick& tick : ticks)
        if (const auto status = produce(tick, wait); status != ProduceStatus::Queued)
            return status; // only when another producer of a shared sink took the room meanwhile
    return ProduceStatus::Queued;
}

ProduceStatus TickPublisher::publish(const Tick& tick) { return queueAll({&tick, 1}, nullptr); }

ProduceStatus TickPublisher::publishAll(std::span<const Tick> ticks) { return queueAll(ticks, nullptr); }

TickPublisher::Stored TickPublisher::publishStored(std::span<const Tick> ticks, std::chrono::milliseconds limit) {
    const auto wait = DeliveryWait::make();
    Stored stored;
    stored.queued = queueAll(ticks, wait);
    // A batch refused halfway still waits for what it queued, so the answer can say what is stored.
    stored.outcome = wait->wait(limit);
    stored.delivered = wait->delivered();
    return stored;
}

} // namespace kse
