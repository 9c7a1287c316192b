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

// Turns events into an AnalyticsDelta. Positions (for realised P&L) start from the stored ones
// and are kept in memory, since every later change passes through here.
class AnalyticsModel {
public:
    static constexpr std::int64_t kMinuteMs = 60'000;
    using Positions = std::unordered_map<std::pair<std::string, std::string>, PositionBook, PairHash>;

    explicit AnalyticsModel(Positions positions = {}) : m_positions(std::move(positions)) {}

    void apply(const ActivityMessage& activity);
    // Counts an order's end (filled, cancelled, rejected) once: its final event is delivered once.
    void apply(const OrderEventMessage& event);
    // Both sides of a trade: volume, notional and realised P&L per user and symbol.
    void apply(const TradeMessage& trade);

    // The changes since the last take().
    AnalyticsDelta take();

private:
    PositionBook& position(const std::string& user, const std::string& symbol);
    PositionBook lookup(const std::string& user, const std::string& symbol) const; // a copy; adds nothing
    void fill(const std::string& name, const TradeMessage& trade, bool buy, const PositionBook& book,
              std::int64_t realized, std::int64_t notional);

    Positions m_positions;
    AnalyticsDelta m_delta;
};

} // namespace kse
