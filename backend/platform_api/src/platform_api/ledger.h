#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "contract/order_enums.h"
#include "domain/money.h"
#include "domain/price.h"
#include "domain/result.h"

namespace kse {

// Amounts are Money (checked int64 ticks of 0.0001); per-share prices are Price. Every operation
// that would overflow throws ArithmeticOverflow rather than wrap: no bad price can conjure money.

// Shares of one symbol a user holds; `reserved` of them are promised to open sell orders.
// `cost` is what the held shares cost in total (Σ price × qty bought, less the cost of what
// was sold), so the average cost is cost / qty and no rounding is ever lost.
struct Holding {
    std::int64_t qty = 0;
    std::int64_t reserved = 0;
    Money cost;
    bool operator==(const Holding&) const = default;
};

struct Account {
    Money cash;
    Money reservedCash; // promised to open buy orders
    Money realizedPnl;
    std::map<std::string, Holding, std::less<>> holdings;
    Money availableCash() const { return cash - reservedCash; }
    bool operator==(const Account&) const = default;
};

// What an order holds back from its owner's account until its fills are settled or it ends.
struct Reservation {
    Side side = Side::Buy;
    std::string symbol;
    std::int64_t qty = 0;     // ordered
    std::int64_t settled = 0; // filled and settled (trades applied)
    Price price;              // buys: cash reserved per share (the limit, or the collar of a market buy);
                              // market sells: the floor they are sent with (0 for orders older than it)
    Money cash;               // buys: cash still reserved
    std::int64_t shares = 0;  // sells: shares still reserved
    bool operator==(const Reservation&) const = default;
};

struct OrderRequest {
    std::string symbol;
    Side side = Side::Buy;
    OrderType type = OrderType::Limit;
    std::int64_t qty = 0;
    Price price; // 0 for a market order
};

// The pre-trade risk check and the settlement arithmetic of one account (pure; the service
// applies it inside one SQLite transaction per event).
class Ledger {
public:
    struct Limits {
        // A market buy reserves (and is sent as an IOC limit at) the last price plus this many
        // basis points, so it can never cost more than was reserved; a market sell is sent as an
        // IOC limit at the last price less as many, so it never sells far below the market.
        std::int64_t collarBps = 500;
    };

    explicit Ledger(Limits limits) : m_limits(limits) {}

    // The cash limit of a market buy and the lowest price of a market sell given the last price
    // (domain/market_protection.h); Price() for a last price that is no reference.
    Price collarPrice(Price lastPrice) const;
    Price floorPrice(Price lastPrice) const;
    std::int64_t collarBps() const { return m_limits.collarBps; }

    // Checks an order against the account and reserves what it may use; the reason otherwise.
    // Buys reserve qty × limit (a market buy: qty × collar of `lastPrice`); sells reserve held
    // shares (no short selling; a market sell keeps the floor of `lastPrice`). Every market
    // order needs `lastPrice`. Quantities and prices outside the bounds of
    // domain/limits.h, and a reference price outside them, are refused.
    Result<Reservation> reserve(Account& account, const OrderRequest& order, std::optional<Price> lastPrice) const;

    // Why a fill of `qty` at `price` cannot belong to this reservation (an order that is
    // `finished` with `filled` shares traded), or nothing. Settlement applies only fills that pass.
    // A `maker` (the resting side) trades at exactly its limit; a taker at its limit or better.
    static std::optional<std::string> fillError(const Reservation& reservation, OrderType type, Price limit,
                                                bool finished, std::int64_t filled, bool maker, Price price,
                                                std::int64_t qty);

    // A fill of `qty` at `price` for the buyer: pays, receives shares, releases the reserved cash
    // of those shares.
    static void settleBuy(Account& account, Reservation& reservation, Price price, std::int64_t qty);
    // A fill for the seller: delivers reserved shares, receives cash, books the realized P&L
    // against the average cost.
    static void settleSell(Account& account, Reservation& reservation, Price price, std::int64_t qty);
    // The order ended (filled, cancelled or rejected) with `filled` shares traded: whatever it
    // holds beyond what its fills not yet settled need goes back. (Order events and trades come
    // on different topics, so the end of an order may be known before its last trade.)
    static void release(Account& account, Reservation& reservation, std::int64_t filled);

private:
    Limits m_limits;
};

} // namespace kse
