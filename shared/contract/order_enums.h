#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace kse {

// The order vocabulary of the contract (docs/orders.md, docs/kafka.md) and its one spelling on
// the wire, in the databases and over HTTP. Every conversion goes through the functions below.
enum class Side : std::uint8_t { Buy, Sell };
enum class OrderType : std::uint8_t { Limit, Market };
// Anything else that reaches the engine is refused as "unknown_tif".
enum class TimeInForce : std::uint8_t { Gtc, Ioc, Fok };
// Pending is the platform's alone (an order not yet answered by the engine): it never appears on
// `order-events`, whose decoder refuses it.
enum class OrderStatus : std::uint8_t { Accepted, Rejected, PartiallyFilled, Filled, Cancelled, Pending };

std::string_view sideName(Side side);              // "buy", "sell"
std::string_view orderTypeName(OrderType type);    // "limit", "market"
std::string_view timeInForceName(TimeInForce tif); // "gtc", "ioc", "fok"
std::string_view statusName(OrderStatus status);   // "accepted", …, "partially_filled", …, "pending"
std::optional<Side> parseSide(std::string_view name);
std::optional<OrderType> parseOrderType(std::string_view name);
std::optional<TimeInForce> parseTimeInForce(std::string_view name);
std::optional<OrderStatus> parseStatus(std::string_view name);

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

} // namespace kse
