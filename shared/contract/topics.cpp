#include "contract/topics.h"

namespace kse::topics {

const std::vector<std::string>& all() {
    static const std::vector<std::string> names{kStockIngress, kStockAggregates, kOrders,     kOrderEvents,
                                                kTrades,       kUserActivity,    kDeadLetters};
    return names;
}

Retention retention(const std::string& topic) {
    constexpr std::int64_t kDay = 24LL * 60 * 60 * 1000;
    if (topic == kOrders)
        return {-1, "an order processor with no snapshot of a partition rebuilds its books by replaying it from the "
                    "beginning, and an order may rest for months"};
    if (topic == kOrderEvents || topic == kTrades)
        return {30 * kDay, "settlement and the analytics apply each of them once, from where they stopped: a month "
                           "covers an outage of either"};
    if (topic == kDeadLetters)
        return {30 * kDay, "kept for people to look into"};
    return {7 * kDay, "its readers store what they read within moments: a week covers an outage of any of them"};
}

} // namespace kse::topics
