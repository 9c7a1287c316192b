#pragma once

#include "platform_api/exchange_messages.h"
#include "platform_api/order_repository.h"
#include "platform_api/user_store.h"

namespace kse {

// Applies what the exchange says to the platform's orders and accounts: order events move
// orders (and release reservations at their end); trades move cash and shares between buyer
// and seller, each trade_id once. Messages about orders the platform did not place are not its
// business and change nothing. Runs inside the caller's transaction.
class Settlement {
public:
    Settlement(UserStore& users, OrderRepository& orders) : m_users(users), m_orders(orders) {}

    bool applyEvent(const OrderEventMessage& event);
    bool applyTrade(const TradeMessage& trade);

private:
    bool fill(const std::string& orderId, const TradeMessage& trade);

    UserStore& m_users;
    OrderRepository& m_orders;
};

} // namespace kse
