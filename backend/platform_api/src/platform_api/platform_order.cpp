#include "platform_api/platform_order.h"

#include "contract/exchange_messages.h"

namespace kse {
namespace {

// How far along an order is; the exchange's events only move it forward.
int rank(OrderStatus status) {
    switch (status) {
    case OrderStatus::Pending: return 0;
    case OrderStatus::Accepted: return 1;
    case OrderStatus::PartiallyFilled: return 2;
    case OrderStatus::Filled:
    case OrderStatus::Cancelled:
    case OrderStatus::Rejected: return 3;
    }
    return 3;
}

} // namespace

bool OrderLifecycle::onEvent(PlatformOrder& order, Account& account, const OrderEventMessage& event) {
    if (event.answersCancel && event.status == OrderStatus::Rejected) {
        if (order.cancelRefusal == event.reason)
            return false;
        order.cancelRefusal = event.reason; // the order itself stands
        order.updated = event.ts;
        return true;
    }
    if (order.finished() || event.filled < order.filled)
        return false;
    // The platform sends an order again after a crash when it cannot know whether the first copy
    // left; the exchange refuses the second by its id. That refusal is not about the order.
    if (event.status == OrderStatus::Rejected && event.reason == reasons::kDuplicateId)
        return false;
    const bool terminal = event.status == OrderStatus::Filled || event.status == OrderStatus::Cancelled ||
                          event.status == OrderStatus::Rejected;
    if (!terminal && rank(event.status) <= rank(order.status) && event.filled == order.filled)
        return false; // nothing new: a repeat
    order.filled = event.filled;
    order.status = event.status;
    order.updated = event.ts;
    if (terminal) {
        order.reason = event.reason;
        Ledger::release(account, order.reservation, event.filled);
    }
    return true;
}

std::optional<std::string> OrderLifecycle::fillError(const PlatformOrder& order, Side side, const std::string& symbol,
                                                     bool maker, Price price, std::int64_t qty) {
    const char* role = side == Side::Buy ? "buy" : "sell";
    if (order.side != side)
        return "order " + order.id + " named as the " + role + " side is not a " + role + " order";
    if (order.symbol != symbol)
        return "order " + order.id + " is for " + order.symbol + ", not " + symbol;
    if (auto error = Ledger::fillError(order.reservation, order.type, order.price, order.finished(), order.filled,
                                       maker, price, qty))
        return "order " + order.id + ": " + *error;
    return std::nullopt;
}

void OrderLifecycle::onFill(PlatformOrder& order, Account& account, Price price, std::int64_t qty, std::int64_t ts) {
    const Money notional = order.notional + Money::times(price, qty);
    if (order.side == Side::Buy)
        Ledger::settleBuy(account, order.reservation, price, qty);
    else
        Ledger::settleSell(account, order.reservation, price, qty);
    order.notional = notional;
    order.updated = ts;
}

OrderCommand commandFor(const PlatformOrder& order, const std::string& username) {
    OrderCommand command;
    command.orderId = order.id;
    command.userId = username;
    command.symbol = order.symbol;
    command.side = order.side;
    command.type = order.type;
    command.tif = order.tif;
    command.qty = order.qty;
    command.price = order.price.ticks();
    command.ts = order.created;
    // A market order goes to the exchange as an IOC limit at its protection price: a buy at its
    // collar, so it can never cost more than was reserved; a sell at its floor. (A market sell
    // placed before floors existed has none and stays a market order.)
    if (order.type == OrderType::Market && order.reservation.price.ticks() > 0) {
        command.type = OrderType::Limit;
        command.tif = order.tif == TimeInForce::Fok ? TimeInForce::Fok : TimeInForce::Ioc;
        command.price = order.reservation.price.ticks();
    }
    return command;
}

} // namespace kse
