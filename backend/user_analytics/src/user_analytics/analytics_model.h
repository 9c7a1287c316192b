#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "contract/activity_message.h"
#include "contract/exchange_messages.h"
#include "domain/result.h"
#include "user_analytics/position_book.h"

namespace kse {

// A hash for the (user, symbol) and (minute, user) keys of the aggregation maps.
struct PairHash {
    template <class A, class B> std::size_t operator()(const std::pair<A, B>& p) const {
        return std::hash<A>{}(p.first) * 1'000'003u ^ std::hash<B>{}(p.second);
    }
};

// What a batch of events changes, as increments (and, for positions, the new state), so that a
// batch of any size is a handful of writes. Pure: the store applies it in one transaction.
struct AnalyticsDelta {
    struct Counts {
        std::int64_t logins = 0, views = 0, placed = 0, cancelRequests = 0, filled = 0, cancelled = 0, rejected = 0,
                     trades = 0, volume = 0, notional = 0, realized = 0;
    };
    struct User {
        Counts counts;
        std::int64_t lastSeen = 0; // newest activity; 0: none in this batch
    };
    struct UserSymbol {
        std::int64_t views = 0, trades = 0, buyVolume = 0, sellVolume = 0, notional = 0, realized = 0;
        PositionBook position; // the state after the batch
        bool traded = false;   // position changed
    };
    struct Symbol {
        std::int64_t views = 0, trades = 0, volume = 0, notional = 0;
    };

    // Hash maps: a batch touches thousands of users and pairs, and the store needs no order.
    std::unordered_map<std::string, User> users;
    std::unordered_map<std::pair<std::string, std::string>, UserSymbol, PairHash> userSymbols;
    std::unordered_map<std::string, Symbol> symbols;
    std::map<std::int64_t, Counts> minutes; // minute start → counts (trades once, not per side)
    std::unordered_set<std::pair<std::int64_t, std::string>, PairHash> minuteUsers; // who was active when
    bool empty() const { return users.empty() && symbols.empty() && minutes.empty(); }
};

// The counters of one part: one partition of one topic read (see AnalyticsStore::part).
using PartId = std::int64_t;

// Turns events into an AnalyticsDelta per part, since every counter is kept per part: a member
// that gives a partition back keeps nothing of it in the counters of another. Positions (for
// realised P&L) belong to the part of the trades that build them (trades are keyed by symbol):
// they are loaded when the part is taken on and dropped when it goes.
class AnalyticsModel {
public:
    static constexpr std::int64_t kMinuteMs = 60'000;
    using Positions = std::unordered_map<std::pair<std::string, std::string>, PositionBook, PairHash>;
    using Deltas = std::map<PartId, AnalyticsDelta>;

    void apply(PartId part, const ActivityMessage& activity);
    // Counts an order's end (filled, cancelled, rejected) once: its final event is delivered once.
    void apply(PartId part, const OrderEventMessage& event);
    // Both sides of a trade: volume, notional and realised P&L per user and symbol.
    void apply(PartId part, const TradeMessage& trade);

    // The changes since the last take(), per part.
    Deltas take();
    // The part's positions as stored, replacing what was held for it.
    void load(PartId part, Positions positions) { m_positions[part] = std::move(positions); }
    void release(PartId part) { m_positions.erase(part); }

private:
    PositionBook lookup(PartId part, const std::string& user, const std::string& symbol) const; // adds nothing
    void fill(PartId part, AnalyticsDelta& delta, const std::string& name, const TradeMessage& trade, bool buy,
              const PositionBook& book, std::int64_t realized, std::int64_t notional);

    std::unordered_map<PartId, Positions> m_positions;
    Deltas m_deltas;
};

} // namespace kse
