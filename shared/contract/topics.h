#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kse::topics {

// The contract's topics (docs/kafka.md, "Topics").
inline const std::string kStockIngress = "stock-ingress";
inline const std::string kStockAggregates = "stock-aggregates";
inline const std::string kOrders = "orders";
inline const std::string kOrderEvents = "order-events";
inline const std::string kTrades = "trades";
inline const std::string kUserActivity = "user-activity";
inline const std::string kDeadLetters = "dead-letters";

const std::vector<std::string>& all();

// How long a topic must keep its messages on a real cluster (retention.ms; -1: for ever), and
// why (docs/kafka.md, "Topics on a production cluster").
struct Retention {
    std::int64_t ms;
    const char* why;
};
Retention retention(const std::string& topic);

} // namespace kse::topics
