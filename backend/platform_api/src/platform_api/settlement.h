#pragma once

#include "contract/exchange_messages.h"
#include "platform_api/order_repository.h"
#include "platform_api/user_store.h"

#include <string>
#include <utility>
#include <vector>

namespace kse {

// Applies what the exchange says to the platform's orders and accounts: order events move
// orders (and release reservations at their end); trades move cash and shares between buyer
// and seller, each trade_id once. Messages about orders the platform did not place are not its
// business and change nothing. Runs inside the caller's transaction.
//
// Nothing is applied blindly: a trade is settled only when it agrees with every order of ours it
// names (symbol, side, price within the limit, quantity within what is left to settle). One that
// does not is refused whole, with the reason, and changes nothing.
class Settlement {
public:
    struct Outcome {
        bool changed = false;
        std::string refusal; // why the message was refused; empty when it was not
    };

    Settlement(UserStore& users, OrderRepository& orders) : m_users(users), m_orders(orders) {}

    Outcome applyEvent(const OrderEventMessage& event);
    Outcome applyTrade(const TradeMessage& trade);

    // What the messages applied since the last call changed: the orders as they are now (an
    // order once per call, at its newest) and the fills recorded. The caller takes them after
    // each message, and drops them when the message is undone.
    struct Changes {
        std::vector<PlatformOrder> orders;
        std::vector<OrderRepository::Fill> fills;
        bool empty() const { return orders.empty() && fills.empty(); }
    };
    Changes takeChanges() { return std::exchange(m_changes, {}); }

private:
    void changed(const PlatformOrder& order);
    void fill(PlatformOrder& order, const TradeMessage& trade);

    UserStore& m_users;
    OrderRepository& m_orders;
    Changes m_changes;
};

} // namespace kse
