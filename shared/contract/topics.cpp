#include "contract/topics.h"

namespace kse::topics {

const std::vector<std::string>& all() {
    static const std::vector<std::string> names{kStockIngress, kStockAggregates, kOrders,     kOrderEvents,
                                                kTrades,       kUserActivity,    kDeadLetters};
    return names;
}

} // namespace kse::topics
