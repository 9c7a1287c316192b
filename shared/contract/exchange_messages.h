#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "contract/order_command.h"
#include "contract/order_enums.h"
#include "domain/price.h"
#include "domain/result.h"

namespace kse {

// The matching engine's output: `order-events` and `trades` (docs/kafka.md). Each is written
// from the engine's form (OrderUpdate, TradeReport) and read into the form its consumers need
// (OrderEventMessage, TradeMessage); the round trip is pinned by tests/unit/exchange_messages_test.cpp.

// An `order-events` message as the engine writes it: what an `orders` message caused.
struct OrderUpdate {
    std::string orderId;
    std::string userId;
    std::string symbol;
    OrderCommand::Kind request = OrderCommand::Kind::New; // the message this answers
    OrderStatus status = OrderStatus::Accepted;
    std::int64_t filled = 0;
    std::int64_t remaining = 0;
    std::int64_t notional = 0;
    std::int64_t lastQty = 0;
    std::int64_t lastPrice = 0;
    std::string reason;
};

// A `trades` message as the engine writes it.
struct TradeReport {
    std::string tradeId; // SYMBOL-SEQ: the same in every run over the same orders
    std::string symbol;
    std::uint64_t seq = 0;
    std::int64_t price = 0;
    std::int64_t qty = 0;
    std::string buyOrderId;
    std::string sellOrderId;
    std::string buyer;
    std::string seller;
    Side aggressor = Side::Buy;
};

// The average fill price in ticks, rounded half up: notional / filled (0 before any fill).
std::int64_t averagePrice(std::int64_t notional, std::int64_t filled);

// The `order-events` value of an update, with "request": "new" or "cancel" — which message it
// answers, so that a refused cancel is not mistaken for a refused order.
std::string encodeOrderUpdate(const OrderUpdate& update, std::int64_t ts);
// The `trades` value of a trade.
std::string encodeTrade(const TradeReport& trade, std::int64_t ts);

// An `order-events` message as the platform reads it.
struct OrderEventMessage {
    std::string orderId;
    std::string userId;
    std::string symbol;
    bool answersCancel = false; // "request":"cancel": about a cancel, not about the order's own fate
    OrderStatus status = OrderStatus::Accepted;
    std::int64_t filled = 0;
    std::int64_t remaining = 0;
    std::string reason;
    std::int64_t ts = 0;
};

// A `trades` message as the platform reads it.
struct TradeMessage {
    std::string tradeId;
    std::string symbol;
    Price price;
    std::int64_t qty = 0;
    std::string buyOrderId;
    std::string sellOrderId;
    std::string buyer; // usernames; empty when absent
    std::string seller;
    std::optional<Side> aggressor; // the incoming order's side; the other side rested (the maker)
    std::int64_t ts = 0;
};

Result<OrderEventMessage> decodeOrderEventMessage(std::string_view json);
// Prices, quantities and times are bounded (domain/limits.h); `referenceMs` is
// eventReference(message timestamp, now).
Result<TradeMessage> decodeTradeMessage(std::string_view json, std::int64_t referenceMs);

} // namespace kse
