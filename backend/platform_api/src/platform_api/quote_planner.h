#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "contract/order_enums.h"

namespace kse {

// Where a market maker's quotes for one symbol should be, given where they are (pure).
//
// The quotes are a ladder of `levels` bids below and asks above a centre price. The centre
// follows the reference price only when that moved `refreshBps` or more, so quotes are not
// churned by every tick. A quote is never placed where it would trade against one of the
// maker's own orders still open on the other side (those being cancelled included: a cancel
// takes effect later), and never beyond the cash or shares available for it.
class QuotePlanner {
public:
    struct Policy {
        int levels = 3;
        std::int64_t firstBps = 10; // distance of the best bid and ask from the centre
        std::int64_t stepBps = 10;  // between levels
        std::int64_t qty = 100;
        std::int64_t tick = 100; // quotes lie on this grid (price ticks: 0.01)
        std::int64_t refreshBps = 20;
    };
    struct OwnOrder {
        std::string id;
        Side side = Side::Buy;
        std::int64_t price = 0;
        std::int64_t remaining = 0;
    };
    struct Quote {
        Side side = Side::Buy;
        std::int64_t price = 0;
        std::int64_t qty = 0;
        bool operator==(const Quote&) const = default;
    };
    struct Plan {
        std::int64_t centre = 0;
        std::vector<std::string> cancels;
        std::vector<Quote> places;
    };

    explicit QuotePlanner(Policy policy) : m_policy(policy) {}

    // `previousCentre`: where the quotes were centred last time, if anywhere.
    Plan plan(std::int64_t reference, std::optional<std::int64_t> previousCentre, const std::vector<OwnOrder>& open,
              std::int64_t availableCash, std::int64_t availableShares) const;
    // The ladder around a centre, best first on each side.
    std::vector<Quote> ladder(std::int64_t centre) const;
    const Policy& policy() const { return m_policy; }

private:
    Policy m_policy;
};

} // namespace kse
