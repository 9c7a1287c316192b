#pragma once

#include <cstdint>
#include <string_view>

#include "contract/order_enums.h"

namespace kse {

using OrderId = std::uint64_t;
using UserId = std::uint64_t;

struct NewOrder {
    OrderId id = 0;
    UserId user = 0;
    Side side = Side::Buy;
    OrderType type = OrderType::Limit;
    TimeInForce tif = TimeInForce::Gtc;
    std::int64_t qty = 0;
    std::int64_t price = 0; // ticks of 0.0001; 0 = none (market orders)
};

// What the engine reports, in the order it happened. `qty == filled + remaining` always.
struct OrderEvent {
    OrderId id = 0;
    UserId user = 0;
    OrderStatus status = OrderStatus::Accepted;
    std::int64_t filled = 0;
    std::int64_t remaining = 0;
    std::int64_t lastQty = 0;
    std::int64_t lastPrice = 0;
    std::int64_t notional = 0; // Σ price·qty of the fills so far, for the average price
    std::string_view reason;
};

struct Trade {
    std::uint64_t seq = 0;  // per book, from 1: with the symbol it makes a deterministic id
    std::int64_t price = 0; // the resting (maker) order's price
    std::int64_t qty = 0;
    OrderId buyOrder = 0;
    OrderId sellOrder = 0;
    UserId buyer = 0;
    UserId seller = 0;
    Side aggressor = Side::Buy;
};

struct DepthChange {
    Side side = Side::Buy;
    std::int64_t price = 0;
    std::int64_t qty = 0; // the level's total after the change; 0 = the level is gone
};

} // namespace kse
