#include "platform_api/quote_planner.h"

#include <algorithm>
#include <limits>

namespace kse {
namespace {

__extension__ typedef __int128 Wide; // pedantic mode needs the marker

// price × (1 ± bps), rounded towards the centre's outside: down for bids, up for asks.
std::int64_t below(std::int64_t price, std::int64_t bps) {
    return static_cast<std::int64_t>(static_cast<Wide>(price) * (10'000 - bps) / 10'000);
}
std::int64_t above(std::int64_t price, std::int64_t bps) {
    return static_cast<std::int64_t>((static_cast<Wide>(price) * (10'000 + bps) + 9'999) / 10'000);
}

bool same(const QuotePlanner::OwnOrder& o, const QuotePlanner::Quote& q) {
    return o.side == q.side && o.price == q.price;
}

} // namespace

std::vector<QuotePlanner::Quote> QuotePlanner::ladder(std::int64_t centre) const {
    std::vector<Quote> out;
    const std::int64_t tick = m_policy.tick;
    for (int i = 0; i < m_policy.levels; ++i) {
        const std::int64_t away = m_policy.firstBps + i * m_policy.stepBps;
        const std::int64_t bid = below(centre, away) / tick * tick;              // down to the grid
        const std::int64_t ask = (above(centre, away) + tick - 1) / tick * tick; // up to the grid
        // Near zero several levels fall on one grid price: one quote per price.
        if (bid > 0 &&
            std::none_of(out.begin(), out.end(), [&](const Quote& q) { return q.side == Side::Buy && q.price == bid; }))
            out.push_back({Side::Buy, bid, m_policy.qty});
        if (std::none_of(out.begin(), out.end(),
                         [&](const Quote& q) { return q.side == Side::Sell && q.price == ask; }))
            out.push_back({Side::Sell, ask, m_policy.qty});
    }
    return out;
}

QuotePlanner::Plan QuotePlanner::plan(std::int64_t reference, std::optional<std::int64_t> previousCentre,
                                      const std::vector<OwnOrder>& open, std::int64_t availableCash,
                                      std::int64_t availableShares) const {
    Plan plan;
    const bool keep = previousCentre && *previousCentre > 0 &&
                      static_cast<Wide>(std::abs(reference - *previousCentre)) * 10'000 <
                          static_cast<Wide>(m_policy.refreshBps) * *previousCentre;
    plan.centre = keep ? *previousCentre : reference;
    const std::vector<Quote> wanted = ladder(plan.centre);

    // Keep one open order at each wanted price; cancel the rest.
    std::vector<Quote> covered;
    for (const OwnOrder& o : open) {
        const bool isWanted = std::any_of(wanted.begin(), wanted.end(), [&](const Quote& q) { return same(o, q); });
        const bool isCovered = std::any_of(covered.begin(), covered.end(), [&](const Quote& q) { return same(o, q); });
        if (isWanted && !isCovered)
            covered.push_back({o.side, o.price, o.remaining});
        else
            plan.cancels.push_back(o.id);
    }

    // Every open order still rests until its cancel is processed: new quotes must not cross any.
    std::int64_t lowestAsk = std::numeric_limits<std::int64_t>::max(), highestBid = 0;
    for (const OwnOrder& o : open) {
        if (o.side == Side::Sell)
            lowestAsk = std::min(lowestAsk, o.price);
        else
            highestBid = std::max(highestBid, o.price);
    }
    for (const Quote& q : wanted) {
        if (std::any_of(covered.begin(), covered.end(),
                        [&](const Quote& c) { return c.side == q.side && c.price == q.price; }))
            continue;
        if (q.side == Side::Buy) {
            const Wide cost = static_cast<Wide>(q.price) * q.qty;
            if (q.price >= lowestAsk || cost > availableCash)
                continue;
            availableCash -= static_cast<std::int64_t>(cost);
        } else {
            if (q.price <= highestBid || q.qty > availableShares)
                continue;
            availableShares -= q.qty;
        }
        plan.places.push_back(q);
    }
    return plan;
}

} // namespace kse
