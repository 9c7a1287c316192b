#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "platform_api/market_store.h"
#include "platform_api/order_repository.h"

namespace kse {

// A symbol's current price for the platform: the newer of its last trade on this exchange and
// the last close of its market data. Market buys are collared around it and positions valued
// at it. Call with the Users DB guard held.
class ReferencePrices {
public:
    ReferencePrices(OrderRepository& orders, MarketQueries& market) : m_orders(orders), m_market(market) {}

    std::optional<Price> of(const std::string& symbol) {
        const auto traded = m_orders.lastPrice(symbol);
        const auto quoted = m_market.stock(symbol);
        if (traded && (!quoted || traded->ts >= quoted->stats.lastTs))
            return Price::fromTicks(traded->price);
        if (quoted)
            return quoted->stats.last;
        return std::nullopt;
    }

private:
    OrderRepository& m_orders;
    MarketQueries& m_market;
};

} // namespace kse
