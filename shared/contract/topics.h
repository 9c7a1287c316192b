#pragma once

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

} // namespace kse::topics
