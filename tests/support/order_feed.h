#pragma once

#include <memory>
#include <string>

#include "contract/order_command.h"
#include "kafka/producer.h"
#include "log/logger.h"

namespace kse::test {

// Puts orders on the `orders` topic as the platform does (key = symbol) and waits for delivery.
class OrderFeed {
public:
    explicit OrderFeed(const std::string& brokers) : m_logger(LogLevel::Warning) {
        Producer::Options options;
        options.brokers = brokers;
        m_producer = std::make_unique<Producer>(options, m_logger);
    }
    void send(const OrderCommand& command) { raw(command.symbol, encodeOrderCommand(command)); }
    void raw(const std::string& key, const std::string& value) {
        while (m_producer->produce("orders", key, value) != ProduceStatus::Queued)
            m_producer->flush(100);
    }
    // Waits for every message to be delivered; false on a timeout.
    bool flush(int timeoutMs = 60'000) { return m_producer->flush(timeoutMs) == 0; }

private:
    Logger m_logger;
    std::unique_ptr<Producer> m_producer;
};

inline OrderCommand limitOrder(std::string id, std::string user, std::string symbol, Side side, std::int64_t qty,
                               std::int64_t priceTicks, TimeInForce tif = TimeInForce::Gtc) {
    OrderCommand c;
    c.orderId = std::move(id);
    c.userId = std::move(user);
    c.symbol = std::move(symbol);
    c.side = side;
    c.qty = qty;
    c.price = priceTicks;
    c.tif = tif;
    c.ts = 1'700'000'000'000;
    return c;
}

inline OrderCommand cancelOrder(std::string id, std::string user, std::string symbol) {
    OrderCommand c;
    c.kind = OrderCommand::Kind::Cancel;
    c.orderId = std::move(id);
    c.userId = std::move(user);
    c.symbol = std::move(symbol);
    c.ts = 1'700'000'000'000;
    return c;
}

} // namespace kse::test
