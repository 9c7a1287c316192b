#include "platform_api/ledger.h"

#include "domain/limits.h"
#include "domain/market_protection.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace kse {
namespace {

__extension__ typedef __int128 Wide;

// An amount for people to read, in 128 bits: what an order would cost can exceed 64 bits.
std::string money(Wide ticks) {
    std::string whole;
    for (Wide w = ticks / 10'000; whole.empty() || w > 0; w /= 10)
        whole.push_back(static_cast<char>('0' + static_cast<int>(w % 10)));
    std::reverse(whole.begin(), whole.end());
    std::string fraction = std::to_string(10'000 + static_cast<int>(ticks % 10'000)).substr(1);
    while (fraction.size() > 2 && fraction.back() == '0')
        fraction.pop_back();
    return whole + "." + fraction;
}

} // namespace

Price Ledger::collarPrice(Price lastPrice) const {
    return buyProtection(lastPrice, m_limits.collarBps).value_or(Price());
}

Price Ledger::floorPrice(Price lastPrice) const {
    return sellProtection(lastPrice, m_limits.collarBps).value_or(Price());
}

Result<Reservation> Ledger::reserve(Account& account, const OrderRequest& order, std::optional<Price> lastPrice) const {
    using R = Result<Reservation>;
    if (auto error = quantityError(order.qty))
        return R::failure(*error);
    if (auto error = priceBoundError(order.price))
        return R::failure(*error);
    // A market order goes to the exchange at its protection price, which needs a reference.
    std::optional<Price> protection;
    if (order.type == OrderType::Market && lastPrice)
        protection = order.side == Side::Buy ? buyProtection(*lastPrice, m_limits.collarBps)
                                             : sellProtection(*lastPrice, m_limits.collarBps);
    if (order.type == OrderType::Market && !protection)
        return R::failure("no usable last price for " + order.symbol + ": a market order needs one; use a limit order");
    Reservation r;
    r.side = order.side;
    r.symbol = order.symbol;
    r.qty = order.qty;
    if (order.side == Side::Sell) {
        const auto it = account.holdings.find(order.symbol);
        const std::int64_t free = it == account.holdings.end() ? 0 : it->second.qty - it->second.reserved;
        if (free < order.qty)
            return R::failure("not enough shares: " + std::to_string(free) + " of " + order.symbol + " available, " +
                              std::to_string(order.qty) + " needed (no short selling)");
        it->second.reserved += order.qty;
        r.shares = order.qty;
        r.price = protection.value_or(Price()); // a limit sell's own limit is the order's
        return R::success(std::move(r));
    }
    r.price = protection.value_or(order.price);
    // Both factors are bounded, so the product fits; the sums below are checked all the same.
    const Money need = Money::times(r.price, order.qty);
    const Money available = account.availableCash();
    if (need > available)
        return R::failure("not enough cash: " + money(std::max<Wide>(available.ticks(), 0)) + " available, " +
                          money(need.ticks()) + " needed");
    account.reservedCash += need;
    r.cash = need;
    return R::success(std::move(r));
}

std::optional<std::string> Ledger::fillError(const Reservation& reservation, OrderType type, Price limit, bool finished,
                                             std::int64_t filled, bool maker, Price price, std::int64_t qty) {
    if (qty <= 0 || price.ticks() <= 0)
        return "a fill needs a positive price and quantity";
    // A finished order takes only the fills the exchange reported; a live one up to its size.
    const std::int64_t open = (finished ? std::min(filled, reservation.qty) : reservation.qty) - reservation.settled;
    if (qty > open)
        return "fill of " + std::to_string(qty) + " exceeds the " + std::to_string(std::max<std::int64_t>(open, 0)) +
               " shares the order has left to settle";
    // Trades print at the resting order's price (docs/orders.md, "Order semantics").
    if (maker && type == OrderType::Limit && price != limit)
        return "fill price " + price.toString() + " is not the resting order's limit " + limit.toString();
    if (reservation.side == Side::Buy) {
        if (price > reservation.price)
            return "fill price " + price.toString() + " is above the buy order's limit " + reservation.price.toString();
        if (Money::times(reservation.price, qty) > reservation.cash)
            return "fill needs more cash than the buy order still reserves";
    } else {
        if (type == OrderType::Limit && price < limit)
            return "fill price " + price.toString() + " is below the sell order's limit " + limit.toString();
        if (type == OrderType::Market && price < reservation.price)
            return "fill price " + price.toString() + " is below the market sell's floor " +
                   reservation.price.toString();
        if (qty > reservation.shares)
            return "fill needs more shares than the sell order still reserves";
    }
    return std::nullopt;
}

void Ledger::settleBuy(Account& account, Reservation& reservation, Price price, std::int64_t qty) {
    if (qty <= 0 || reservation.settled + qty > reservation.qty || price > reservation.price)
        throw std::logic_error("a buy fill beyond its reservation");
    const Money paid = Money::times(price, qty);
    const Money released = std::min(reservation.cash, Money::times(reservation.price, qty));
    // Computed first, stored last: an overflow leaves the account as it was.
    Account after = account;
    after.reservedCash -= released;
    after.cash -= paid;
    Holding& holding = after.holdings[reservation.symbol];
    holding.qty = checkedAdd(holding.qty, qty);
    holding.cost += paid;
    account = std::move(after);
    reservation.cash -= released;
    reservation.settled += qty;
}

void Ledger::settleSell(Account& account, Reservation& reservation, Price price, std::int64_t qty) {
    const auto it = account.holdings.find(reservation.symbol);
    if (it == account.holdings.end() || qty <= 0 || reservation.settled + qty > reservation.qty ||
        qty > reservation.shares || qty > it->second.qty)
        throw std::logic_error("a sell fill beyond its reservation");
    const Holding& held = it->second;
    // The sold shares take their share of the cost; the last one takes what is left, so the
    // cost of a position that goes to zero is booked completely.
    const Money costOut = qty == held.qty ? held.cost : held.cost.scaled(qty, held.qty);
    const Money proceeds = Money::times(price, qty);
    Account after = account;
    Holding& holding = after.holdings.at(reservation.symbol);
    holding.qty -= qty;
    holding.reserved -= qty;
    holding.cost -= costOut;
    after.cash += proceeds;
    after.realizedPnl += proceeds - costOut;
    if (holding.qty == 0 && holding.reserved == 0)
        after.holdings.erase(reservation.symbol);
    account = std::move(after);
    reservation.shares -= qty;
    reservation.settled += qty;
}

void Ledger::release(Account& account, Reservation& reservation, std::int64_t filled) {
    const std::int64_t unsettled = std::max<std::int64_t>(filled - reservation.settled, 0);
    if (reservation.side == Side::Buy) {
        const Money keep = std::min(reservation.cash, Money::times(reservation.price, unsettled));
        account.reservedCash -= reservation.cash - keep;
        reservation.cash = keep;
    } else if (reservation.shares > unsettled) {
        account.holdings.at(reservation.symbol).reserved -= reservation.shares - unsettled;
        reservation.shares = unsettled;
    }
}

} // namespace kse
