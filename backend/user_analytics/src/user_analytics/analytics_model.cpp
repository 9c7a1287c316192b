#include "user_analytics/analytics_model.h"

#include <algorithm>

#include "codec/flat_json.h"
#include "contract/order_enums.h"
#include "domain/limits.h"
#include "domain/money.h"

namespace kse {
namespace {

std::int64_t minuteOf(std::int64_t ts) {
    return ts - ((ts % AnalyticsModel::kMinuteMs) + AnalyticsModel::kMinuteMs) % AnalyticsModel::kMinuteMs;
}

} // namespace

void AnalyticsModel::apply(PartId part, const ActivityMessage& activity) {
    AnalyticsDelta& delta = m_deltas[part];
    AnalyticsDelta::User& user = delta.users[activity.user];
    user.lastSeen = std::max(user.lastSeen, activity.ts);
    const std::int64_t minute = minuteOf(activity.ts);
    AnalyticsDelta::Counts& perMinute = delta.minutes[minute];
    delta.minuteUsers.emplace(minute, activity.user);
    if (activity.action == actions::kLogin) {
        ++user.counts.logins;
        ++perMinute.logins;
    } else if (activity.action == actions::kViewPrice) {
        ++user.counts.views;
        ++perMinute.views;
        if (!activity.symbol.empty()) {
            ++delta.userSymbols[{activity.user, activity.symbol}].views;
            ++delta.symbols[activity.symbol].views;
        }
    } else if (activity.action == actions::kPlaceOrder) {
        ++user.counts.placed;
        ++perMinute.placed;
    } else if (activity.action == actions::kCancelOrder) {
        ++user.counts.cancelRequests;
        ++perMinute.cancelRequests;
    }
}

void AnalyticsModel::apply(PartId part, const OrderEventMessage& event) {
    // A refused cancel says nothing of the order's end (a granted one is its end); a refused
    // second copy of an order (sent again after a crash) is not a second order.
    const bool refusedCancel = event.answersCancel && event.status == OrderStatus::Rejected;
    if (refusedCancel || event.userId.empty() || event.reason == reasons::kDuplicateId)
        return;
    std::int64_t AnalyticsDelta::Counts::*counter = nullptr;
    if (event.status == OrderStatus::Filled)
        counter = &AnalyticsDelta::Counts::filled;
    else if (event.status == OrderStatus::Cancelled)
        counter = &AnalyticsDelta::Counts::cancelled;
    else if (event.status == OrderStatus::Rejected)
        counter = &AnalyticsDelta::Counts::rejected;
    else
        return;
    AnalyticsDelta& delta = m_deltas[part];
    ++(delta.users[event.userId].counts.*counter);
    ++(delta.minutes[minuteOf(event.ts)].*counter);
}

void AnalyticsModel::apply(PartId part, const TradeMessage& trade) {
    // Everything that can overflow is computed before anything changes: a trade that cannot be
    // counted throws ArithmeticOverflow and leaves the model as it was. The counters themselves
    // saturate (statistics, not balances).
    const std::int64_t notional = Money::times(trade.price, trade.qty).ticks();
    std::optional<PositionBook> buyer, seller;
    std::int64_t buyerRealized = 0, sellerRealized = 0;
    if (!trade.buyer.empty()) {
        buyer = lookup(part, trade.buyer, trade.symbol);
        buyerRealized = buyer->buy(trade.price.ticks(), trade.qty);
    }
    if (!trade.seller.empty()) {
        // One user on both sides: the sale applies to the position the purchase just made.
        seller = trade.seller == trade.buyer && buyer ? *buyer : lookup(part, trade.seller, trade.symbol);
        sellerRealized = seller->sell(trade.price.ticks(), trade.qty);
    }
    AnalyticsDelta& delta = m_deltas[part];
    AnalyticsDelta::Counts& perMinute = delta.minutes[minuteOf(trade.ts)];
    ++perMinute.trades;
    perMinute.volume = saturatingAdd(perMinute.volume, trade.qty);
    perMinute.notional = saturatingAdd(perMinute.notional, notional);
    AnalyticsDelta::Symbol& symbol = delta.symbols[trade.symbol];
    ++symbol.trades;
    symbol.volume = saturatingAdd(symbol.volume, trade.qty);
    symbol.notional = saturatingAdd(symbol.notional, notional);
    if (buyer)
        fill(part, delta, trade.buyer, trade, true, *buyer, buyerRealized, notional);
    if (seller)
        fill(part, delta, trade.seller, trade, false, *seller, sellerRealized, notional);
}

void AnalyticsModel::fill(PartId part, AnalyticsDelta& delta, const std::string& name, const TradeMessage& trade,
                          bool buy, const PositionBook& book, std::int64_t realized, std::int64_t notional) {
    m_positions[part][{name, trade.symbol}] = book;
    AnalyticsDelta::User& user = delta.users[name];
    ++user.counts.trades;
    user.counts.volume = saturatingAdd(user.counts.volume, trade.qty);
    user.counts.notional = saturatingAdd(user.counts.notional, notional);
    user.counts.realized = saturatingAdd(user.counts.realized, realized);
    AnalyticsDelta::UserSymbol& us = delta.userSymbols[{name, trade.symbol}];
    ++us.trades;
    (buy ? us.buyVolume : us.sellVolume) = saturatingAdd(buy ? us.buyVolume : us.sellVolume, trade.qty);
    us.notional = saturatingAdd(us.notional, notional);
    us.realized = saturatingAdd(us.realized, realized);
    us.position = book;
    us.traded = true;
}

PositionBook AnalyticsModel::lookup(PartId part, const std::string& user, const std::string& symbol) const {
    const auto positions = m_positions.find(part);
    if (positions == m_positions.end())
        return {};
    const auto it = positions->second.find({user, symbol});
    return it == positions->second.end() ? PositionBook{} : it->second;
}

AnalyticsModel::Deltas AnalyticsModel::take() {
    Deltas out = std::move(m_deltas);
    m_deltas = Deltas{};
    return out;
}

} // namespace kse
