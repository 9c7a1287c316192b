#pragma once

#include <span>

#include "order_processor/order_types.h"

namespace kse {

// One interface per kind of event (as in liquibook). The book queues events while it matches and
// hands them over after each message, so a listener never sees a book in the middle of a match.
class OrderListener {
public:
    virtual ~OrderListener() = default;
    virtual void onOrderEvent(const OrderEvent& event) = 0;
};

class TradeListener {
public:
    virtual ~TradeListener() = default;
    virtual void onTrade(const Trade& trade) = 0;
};

class DepthListener {
public:
    virtual ~DepthListener() = default;
    // The levels one message changed, and the book's sequence number after it.
    virtual void onDepthChanged(std::span<const DepthChange> changes, std::uint64_t seq) = 0;
};

} // namespace kse
