#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "contract/order_enums.h"
#include "domain/limits.h"
#include "domain/result.h"

namespace kse {

// Largest accepted quantity and price (ticks): their product stays far below 2^63, so the
// engine's notional (Σ price·qty of an order's fills) cannot overflow.
inline constexpr std::int64_t kMaxOrderQty = limits::kMaxQuantity;
inline constexpr std::int64_t kMaxOrderPriceTicks = limits::kMaxPriceTicks; // 10,000,000.0000

// One message of the `orders` topic, with string ids as the platform gives them.
struct OrderCommand {
    enum class Kind : std::uint8_t { New, Cancel };
    Kind kind = Kind::New;
    std::string orderId;
    std::string userId;
    std::string symbol;
    Side side = Side::Buy;
    OrderType type = OrderType::Limit;
    TimeInForce tif = TimeInForce::Gtc; // an unknown tif is carried as a value past Fok
    std::int64_t qty = 0;
    std::int64_t price = 0; // ticks; 0 = none
    std::int64_t ts = 0;
    // A new order that names who and what, so it can be answered, but is refused before it
    // reaches a book (e.g. "side must be buy or sell"). Empty when the engine decides.
    std::string refusal;
};

// Decodes an `orders` value. A failure means the message cannot be answered (not JSON, no
// order_id, user_id or symbol, unknown type): it belongs on dead-letters. `messageTs` is used
// when the message carries no ts.
Result<OrderCommand> decodeOrderCommand(std::string_view json, std::int64_t messageTs);

// The `orders` value for a command (what the platform produces; tests and benchmarks use it).
std::string encodeOrderCommand(const OrderCommand& command);

} // namespace kse
