#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/price.h"
#include "domain/result.h"
#include "order_processor/order_types.h"

namespace kse {

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
