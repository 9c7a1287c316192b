#pragma once

#include <cstdint>
#include <string>

#include "order_processor/partition_books.h"

namespace kse {

std::string_view statusName(OrderStatus status);

// The average fill price in ticks, rounded half up: notional / filled (0 before any fill).
std::int64_t averagePrice(std::int64_t notional, std::int64_t filled);

// An `order-events` value (docs/kafka.md), plus "request": "new" or "cancel" — which message it
// answers, so that a refused cancel is not mistaken for a refused order.
std::string encodeOrderUpdate(const OrderUpdate& update, std::int64_t ts);

// A `trades` value (docs/kafka.md, "Order processor").
std::string encodeTrade(const TradeReport& trade, std::int64_t ts);

// GET /api/v1/book/{symbol}: {"symbol","bids":[[price,qty],…],"asks":[…],"seq"}, best levels first.
std::string encodeBook(const std::string& symbol, const OrderBook::Snapshot& book);

} // namespace kse
