#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "contract/exchange_messages.h"
#include "contract/order_command.h"
#include "contract/order_enums.h"
#include "platform_api/ledger.h"

namespace kse {

// An order as the platform keeps it for its owner: what was asked, what the exchange said,
// and what it holds back from the account.
struct PlatformOrder {
    std::string id;
    std::int64_t userId = 0;
    std::string symbol;
    Side side = Side::Buy;
    OrderType type = OrderType::Limit;
    TimeInForce tif = TimeInForce::Gtc;
    std::int64_t qty = 0;
    Price price;                               // the limit; 0 for a market order
    OrderStatus status = OrderStatus::Pending; // until the exchange answers
    std::int64_t filled = 0;                   // as the exchange reported
    Money notional;                            // Σ price × qty of the settled fills
    std::string reason;                        // why it was rejected or cancelled
    std::string cancelRefusal;                 // why a cancel of it was refused, if one was
    Reservation reservation;
    std::int64_t created = 0;
    std::int64_t updated = 0;

    bool finished() const {
        return status == OrderStatus::Filled || status == OrderStatus::Cancelled || status == OrderStatus::Rejected;
    }
};

// How the exchange's messages move an order and its owner's account (pure).
class OrderLifecycle {
public:
    // An order event: status and filled only move forward (a repeated or stale event changes
    // nothing); at the order's end its reservation is released, less what fills not yet
    // settled still need. Returns whether anything changed.
    static bool onEvent(PlatformOrder& order, Account& account, const OrderEventMessage& event);
    // Why a trade's fill cannot be this order's (wrong symbol or side, beyond its limit or what
    // is left of it, a resting order's fill away from its price), or nothing.
    static std::optional<std::string> fillError(const PlatformOrder& order, Side side, const std::string& symbol,
                                                bool maker, Price price, std::int64_t qty);
    // One of the order's trades (the caller applies each trade_id once, after fillError): settles it.
    static void onFill(PlatformOrder& order, Account& account, Price price, std::int64_t qty, std::int64_t ts);
};

// The `orders` message for an order of the platform.
OrderCommand commandFor(const PlatformOrder& order, const std::string& username);

} // namespace kse
