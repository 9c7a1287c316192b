#include "platform_api/settlement.h"

namespace kse {

Settlement::Outcome Settlement::applyEvent(const OrderEventMessage& event) {
    auto order = m_orders.find(event.orderId);
    if (!order)
        return {};
    if (!event.symbol.empty() && event.symbol != order->symbol)
        return {false,
                "order event for " + order->id + " names " + event.symbol + ", the order is for " + order->symbol};
    if (event.filled > order->qty)
        return {false, "order event for " + order->id + " reports " + std::to_string(event.filled) +
                           " filled of an order for " + std::to_string(order->qty)};
    Account account = m_users.account(order->userId);
    if (!OrderLifecycle::onEvent(*order, account, event))
        return {};
    m_orders.update(*order);
    m_users.saveAccount(order->userId, account);
    changed(*order);
    return {true, {}};
}

Settlement::Outcome Settlement::applyTrade(const TradeMessage& trade) {
    auto buy = m_orders.find(trade.buyOrderId);
    auto sell = m_orders.find(trade.sellOrderId);
    if (!buy && !sell)
        return {}; // between users of another platform
    // Checked before anything moves, and before the trade id is taken: a refused trade leaves no
    // trace, and a correct copy of it can still settle. A redelivery of a trade settled before
    // disagrees with its orders by now (they have moved on): it is no refusal, just old news.
    const auto refuse = [&](const std::string& why) -> Outcome {
        if (m_orders.isSettled(trade.tradeId))
            return {};
        return {false, "trade " + trade.tradeId + ": " + why};
    };
    const bool buyRested = trade.aggressor == Side::Sell;
    const bool sellRested = trade.aggressor == Side::Buy;
    if (buy)
        if (auto error = OrderLifecycle::fillError(*buy, Side::Buy, trade.symbol, buyRested, trade.price, trade.qty))
            return refuse(*error);
    if (sell)
        if (auto error = OrderLifecycle::fillError(*sell, Side::Sell, trade.symbol, sellRested, trade.price, trade.qty))
            return refuse(*error);
    if (buy && sell && buy->id == sell->id)
        return refuse("one order named as both sides");
    if (!m_orders.markSettled(trade.tradeId, trade.ts))
        return {}; // settled before
    if (buy)
        fill(*buy, trade);
    if (sell)
        fill(*sell, trade);
    return {true, {}};
}

void Settlement::fill(PlatformOrder& order, const TradeMessage& trade) {
    Account account = m_users.account(order.userId);
    OrderLifecycle::onFill(order, account, trade.price, trade.qty, trade.ts);
    m_orders.update(order);
    OrderRepository::Fill fill{trade.tradeId,       order.id,  order.userId, order.symbol, order.side,
                               trade.price.ticks(), trade.qty, trade.ts};
    m_orders.recordFill(fill);
    m_users.saveAccount(order.userId, account);
    changed(order);
    m_changes.fills.push_back(std::move(fill));
}

void Settlement::changed(const PlatformOrder& order) {
    for (PlatformOrder& known : m_changes.orders)
        if (known.id == order.id) {
            known = order;
            return;
        }
    m_changes.orders.push_back(order);
}

} // namespace kse
