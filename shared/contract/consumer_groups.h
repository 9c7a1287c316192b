#pragma once

#include <string>
#include <vector>

#include "contract/topics.h"

namespace kse::groups {

// The services' consumer groups (docs/kafka.md). Each service stores its offsets with its
// effects; the group's committed offsets are written too, for lag monitors.
inline const std::string kOrderProcessor = "order-processor";
inline const std::string kPlatformApi = "platform-api";
inline const std::string kStockAggregator = "stock-aggregator";
inline const std::string kUserAnalytics = "user-analytics";
// Readers that never join their group: every partition is assigned to them.
inline const std::string kPlatformMarket = "platform-api-market";
inline const std::string kDesktop = "kse-desktop";

struct GroupTopics {
    std::string group;
    std::vector<std::string> topics;
};

// The groups that join and commit, with what each reads.
inline const std::vector<GroupTopics>& committing() {
    static const std::vector<GroupTopics> kGroups{
        {kOrderProcessor, {topics::kOrders}},
        {kPlatformApi, {topics::kOrderEvents, topics::kTrades}},
        {kStockAggregator, {topics::kStockIngress, topics::kTrades}},
        {kUserAnalytics, {topics::kUserActivity, topics::kOrderEvents, topics::kTrades}},
    };
    return kGroups;
}

} // namespace kse::groups
