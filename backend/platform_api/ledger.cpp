#include "platform_api/ledger.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace kse {
namespace {

__extension__ typedef __int128 Wide;

// An amount of money for people to read: "1234.50", "0.0001". Wide, because what an order
// would cost can exceed what 64 bits hold.
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

std::int64_t Ledger::collarPrice(std::int64_t lastPrice) const {
    const Wide scaled = static_cast<Wide>(lastPrice) * (10'000 + m_limits.collarBps);
    return static_cast<std::int64_t>((scaled + 9'999) / 10'000);
}

Result<Reservation> Ledger::reserve(Account& account, const OrderRequest& order,
                                    std::optional<std::int64_t> lastPrice) const {
    using R = Result<Reservation>;
    if (order.qty <= 0)
        return R::failure("qty must be a positive integer");
    Reservation r;
    r.side = order.side;
    r.symbol = order.symbol;
    r.qty = order.qty;
    if (order.side == Side::Sell) {
        const auto it = account.holdings.find(order.symbol);
        const std::int64_t free = it == account.holdings.end() ? 0 : it->second.qty - it->second.reserved;
        if (free < order.qty)
            return R::failure("not enough shares: " + std::to_string(free) + " of " + order.symbol +
                              " available, " + std::to_string(order.qty) + " needed (no short selling)");
        it->second.reserved += order.qty;
        r.shares = order.qty;
        return R::success(std::move(r));
    }
    if (order.type == OrderType::Market) {
        if (!lastPrice || *lastPrice <= 0)
            return R::failure("no last price for " + order.symbol + ": a market buy needs one; use a limit order");
        r.price = collarPrice(*lastPrice);
    } else {
        r.price = order.price;
    }
    const Wide need = static_cast<Wide>(r.price) * order.qty;
    if (need > account.availableCash())
        return R::failure("not enough cash: " + money(account.availableCash()) + " available, " + money(need) + " needed");
    r.cash = static_cast<std::int64_t>(need);
    account.reservedCash += r.cash;
    return R::success(std::move(r));
}

void Ledger::settleBuy(Account& account, Reservation& reservation, std::int64_t price, std::int64_t qty) {
    if (qty <= 0 || reservation.settled + qty > reservation.qty || price > reservation.price)
        throw std::logic_error("a buy fill beyond its reservation");
    const std::int64_t released = std::min(reservation.cash, reservation.price * qty);
    reservation.cash -= released;
    reservation.settled += qty;
    account.reservedCash -= released;
    account.cash -= price * qty;
    Holding& holding = account.holdings[reservation.symbol];
    holding.qty += qty;
    holding.cost += price * qty;
}

void Ledger::settleSell(Account& account, Reservation& reservation, std::int64_t price, std::int64_t qty) {
    Holding& holding = account.holdings.at(reservation.symbol);
    if (qty <= 0 || reservation.settled + qty > reservation.qty || qty > reservation.shares || qty > holding.qty)
        throw std::logic_error("a sell fill beyond its reservation");
    // The sold shares take their share of the cost; the last one takes what is left, so the
    // cost of a position that goes to zero is booked completely.
    const std::int64_t costOut =
        qty == holding.qty ? holding.cost : static_cast<std::int64_t>(static_cast<Wide>(holding.cost) * qty / holding.qty);
    holding.qty -= qty;
    holding.reserved -= qty;
    holding.cost -= costOut;
    reservation.shares -= qty;
    reservation.settled += qty;
    account.cash += price * qty;
    account.realizedPnl += price * qty - costOut;
    if (holding.qty == 0 && holding.reserved == 0)
        account.holdings.erase(reservation.symbol);
}

void Ledger::release(Account& account, Reservation& reservation, std::int64_t filled) {
    const std::int64_t unsettled = std::max<std::int64_t>(filled - reservation.settled, 0);
    if (reservation.side == Side::Buy) {
        const std::int64_t keep = std::min(reservation.cash, reservation.price * unsettled);
        account.reservedCash -= reservation.cash - keep;
        reservation.cash = keep;
    } else if (reservation.shares > unsettled) {
        account.holdings.at(reservation.symbol).reserved -= reservation.shares - unsettled;
        reservation.shares = unsettled;
    }
}

} // namespace kse
