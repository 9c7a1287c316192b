#include "platform_api/settlement.h"

namespace kse {

bool Settlement::applyEvent(const OrderEventMessage& event) {
    auto order = m_orders.find(event.orderId);
    if (!order)
        return false;
    Account account = m_users.account(order->userId);
    if (!OrderLifecycle::onEvent(*order, account, event))
        return false;
    m_orders.update(*order);
    m_users.saveAccount(order->userId, account);
    return true;
}

bool Settlement::applyTrade(const TradeMessage& trade) {
    if (!m_orders.markSettled(trade.tradeId, trade.ts))
        return false; // settled before
    const bool buyer = fill(trade.buyOrderId, trade);
    const bool seller = fill(trade.sellOrderId, trade);
    return buyer || seller;
}

bool Settlement::fill(const std::string& orderId, const TradeMessage& trade) {
    auto order = m_orders.find(orderId);
    if (!order)
        return false;
    Account account = m_users.account(order->userId);
    OrderLifecycle::onFill(*order, account, trade.price, trade.qty, trade.ts);
    m_orders.update(*order);
    m_orders.recordFill({trade.tradeId, order->id, order->userId, order->symbol, order->side, trade.price, trade.qty, trade.ts});
    m_users.saveAccount(order->userId, account);
    return true;
}

} // namespace kse
