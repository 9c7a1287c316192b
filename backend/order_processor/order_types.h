#pragma once

#include <cstdint>
#include <string_view>

namespace kse {

using OrderId = std::uint64_t;
using UserId = std::uint64_t;

enum class Side : std::uint8_t { Buy, Sell };
enum class OrderType : std::uint8_t { Limit, Market };
// Anything else that reaches the engine is refused as "unknown_tif".
enum class TimeInForce : std::uint8_t { Gtc, Ioc, Fok };

struct NewOrder {
    OrderId id = 0;
    UserId user = 0;
    Side side = Side::Buy;
    OrderType type = OrderType::Limit;
    TimeInForce tif = TimeInForce::Gtc;
    std::int64_t qty = 0;
    std::int64_t price = 0; // ticks of 0.0001; 0 = none (market orders)
};

enum class OrderStatus : std::uint8_t { Accepted, Rejected, PartiallyFilled, Filled, Cancelled };

// Why an order or a cancel was refused, or why an order ended without filling.
namespace reasons {
inline constexpr std::string_view kBadQuantity = "qty must be positive";
inline constexpr std::string_view kLimitNeedsPrice = "a limit order needs a positive price";
inline constexpr std::string_view kMarketHasPrice = "a market order takes no price";
inline constexpr std::string_view kUnknownTif = "unknown_tif";
inline constexpr std::string_view kDuplicateId = "duplicate order id";
inline constexpr std::string_view kUnknownOrder = "unknown order";
inline constexpr std::string_view kNotOwner = "not the owner of the order";
inline constexpr std::string_view kFinished = "the order is already finished";
inline constexpr std::string_view kSelfTrade = "self_trade";
inline constexpr std::string_view kIoc = "ioc";
inline constexpr std::string_view kFok = "fok";
inline constexpr std::string_view kNoLiquidity = "no_liquidity";
inline constexpr std::string_view kUserCancel = "cancelled";
} // namespace reasons

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
    std::uint64_t seq = 0; // per book, from 1: with the symbol it makes a deterministic id
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
