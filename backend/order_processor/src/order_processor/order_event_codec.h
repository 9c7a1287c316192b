#pragma once

#include <cstdint>
#include <string>

#include "order_processor/partition_books.h"

namespace kse {

// GET /api/v1/book/{symbol}: {"symbol","bids":[[price,qty],…],"asks":[…],"seq"}, best levels first.
std::string encodeBook(const std::string& symbol, const OrderBook::Snapshot& book);

} // namespace kse
