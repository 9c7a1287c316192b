// Random and extreme values driven through the money rules as settlement applies them (the
// ledger, the order lifecycle and its fill checks), the aggregator's candles and the codecs: the
// invariants must hold after every step, whatever arrives.
#include "contract/price_event.h"
#include "contract/tick_codec.h"
#include "domain/limits.h"
#include "domain/money.h"
#include "platform_api/ledger.h"
#include "platform_api/platform_order.h"
#include "stock_aggregator/candle_aggregator.h"

#include <QJsonDocument>
#include <gtest/gtest.h>
#include <iostream>
#include <limits>
#include <random>
#include <vector>

using namespace kse;

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

// Values an attacker would try, mixed with ordinary ones (`ordinary` at most).
std::int64_t nasty(std::mt19937_64& random, std::int64_t ordinary = 2'000'000) {
    static const std::int64_t extremes[] = {0,
                                            1,
                                            -1,
                                            limits::kMaxQuantity,
                                            limits::kMaxQuantity + 1,
                                            limits::kMaxPriceTicks,
                                            limits::kMaxPriceTicks + 1,
                                            kMax,
                                            kMax - 1,
                                            std::numeric_limits<std::int64_t>::min(),
                                            900'000'000'000'000'0000};
    switch (random() % 4) {
    case 0: return extremes[random() % std::size(extremes)];
    case 1: return static_cast<std::int64_t>(random());
    default: return static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(ordinary)) + 1;
    }
}

void expectSound(const Account& a) {
    EXPECT_GE(a.reservedCash.ticks(), 0);
    EXPECT_LE(a.availableCash(), a.cash);
    for (const auto& [symbol, h] : a.holdings) {
        EXPECT_GE(h.reserved, 0) << symbol;
        EXPECT_LE(h.reserved, h.qty) << symbol;
        EXPECT_GE(h.cost.ticks(), 0) << symbol;
    }
}

std::int64_t shares(const std::vector<Account>& accounts) {
    std::int64_t total = 0;
    for (const auto& a : accounts)
        if (const auto it = a.holdings.find("SYM"); it != a.holdings.end())
            total += it->second.qty;
    return total;
}

Money cash(const std::vector<Account>& accounts) {
    Money total;
    for (const auto& a : accounts)
        total += a.cash;
    return total;
}

} // namespace

TEST(LedgerProperty, RandomAndExtremeOrdersAndTradesConserveCashAndShares) {
    std::mt19937_64 random(20261130);
    const Ledger ledger({});
    std::vector<Account> accounts(4);
    for (auto& a : accounts) {
        a.cash = Money::fromTicks(100'000LL * Price::kScale);
        a.holdings["SYM"] = Holding{1'000, 0, Money::fromTicks(1'000LL * 100 * Price::kScale)};
    }
    const Money cashBefore = cash(accounts);
    const std::int64_t sharesBefore = shares(accounts);
    std::vector<std::pair<std::size_t, PlatformOrder>> orders;
    int placed = 0, settled = 0, refused = 0;
    for (int step = 0; step < 200'000; ++step) {
        const std::size_t who = random() % accounts.size();
        Account& account = accounts[who];
        const int action = static_cast<int>(random() % 10);
        if (action < 4 || orders.empty()) { // place
            PlatformOrder order;
            order.id = "o" + std::to_string(step);
            order.symbol = "SYM";
            order.side = random() % 2 ? Side::Buy : Side::Sell;
            order.type = random() % 5 ? OrderType::Limit : OrderType::Market;
            order.qty = nasty(random, 100);
            order.price = Price::fromTicks(order.type == OrderType::Limit ? nasty(random, 200 * Price::kScale) : 0);
            const Account before = account;
            auto reservation = ledger.reserve(account, {order.symbol, order.side, order.type, order.qty, order.price},
                                              Price::fromTicks(nasty(random, 200 * Price::kScale)));
            if (!reservation) {
                EXPECT_EQ(account, before) << reservation.error(); // a refusal changes nothing
                continue;
            }
            order.reservation = reservation.value();
            orders.emplace_back(who, std::move(order));
            ++placed;
        } else if (action < 9) { // a trade between two orders, as anything on `trades` might say
            auto& [buyerIndex, buy] = orders[random() % orders.size()];
            auto& [sellerIndex, sell] = orders[random() % orders.size()];
            if (&buy == &sell || buyerIndex == sellerIndex)
                continue;
            const bool makerIsBuy = random() % 2;
            // Half of them at the resting order's price, as the exchange prints them.
            const Price price = random() % 2 ? (makerIsBuy ? buy.price : sell.price) : Price::fromTicks(nasty(random));
            const std::int64_t qty = random() % 2 ? static_cast<std::int64_t>(random() % 50) + 1 : nasty(random);
            if (OrderLifecycle::fillError(buy, Side::Buy, "SYM", makerIsBuy, price, qty) ||
                OrderLifecycle::fillError(sell, Side::Sell, "SYM", !makerIsBuy, price, qty)) {
                ++refused;
                continue;
            }
            Account& buyer = accounts[buyerIndex];
            Account& seller = accounts[sellerIndex];
            const Account buyerBefore = buyer, sellerBefore = seller;
            try {
                OrderLifecycle::onFill(buy, buyer, price, qty, step);
                OrderLifecycle::onFill(sell, seller, price, qty, step);
                ++settled;
            } catch (const ArithmeticOverflow&) {
                buyer = buyerBefore; // what settlement's savepoint does
                seller = sellerBefore;
            }
        } else { // the order ends
            const std::size_t index = random() % orders.size();
            auto& [owner, order] = orders[index];
            Ledger::release(accounts[owner], order.reservation, order.reservation.settled);
            orders.erase(orders.begin() + static_cast<std::ptrdiff_t>(index));
        }
        expectSound(account);
        ASSERT_EQ(cash(accounts), cashBefore) << "step " << step;
        ASSERT_EQ(shares(accounts), sharesBefore) << "step " << step;
        if (HasFailure())
            FAIL() << "step " << step;
    }
    for (auto& [owner, order] : orders)
        Ledger::release(accounts[owner], order.reservation, order.reservation.settled);
    for (const auto& a : accounts) {
        expectSound(a);
        EXPECT_EQ(a.reservedCash.ticks(), 0); // nothing stays frozen
        const std::string json = "[" + a.cash.toString() + "," + a.realizedPnl.toString() + "]";
        EXPECT_FALSE(QJsonDocument::fromJson(QByteArray::fromStdString(json)).isNull()) << json;
    }
    std::cout << "placed " << placed << ", settled " << settled << ", refused " << refused << '\n';
    EXPECT_GT(placed, 1'000);
    EXPECT_GT(settled, 100);
    EXPECT_GT(refused, 1'000);
}

TEST(LedgerProperty, AggregatorAndCodecsNeverWrapOrEmitInvalidJson) {
    std::mt19937_64 random(42);
    CandleAggregator aggregator;
    const std::int64_t now = 1'800'000'000'000;
    std::vector<CandleAggregator::CandleChange> candles;
    std::vector<CandleAggregator::StatsChange> stats;
    for (int i = 0; i < 50'000; ++i) {
        const std::string json = R"({"id":1,"name":"SYM","price":)" + std::to_string(nasty(random) / 10'000) +
                                 R"(,"volume":)" + std::to_string(nasty(random)) + R"(,"ts":)" +
                                 std::to_string(now + nasty(random) % 200'000) + "}";
        const auto event = decodeIngress("SYM", json, now);
        if (!event)
            continue;
        const PriceEvent& e = event.value();
        ASSERT_FALSE(priceBoundError(e.price)) << json;
        ASSERT_FALSE(quantityError(e.qty, "volume", true)) << json;
        ASSERT_FALSE(eventTimeError(e.ts, now)) << json;
        aggregator.apply(e.symbol, e.price, e.qty, e.ts);
        const auto reencoded = decodeTick(encodeTick(Tick{1, e.symbol, e.price, e.qty, e.ts}), now);
        ASSERT_TRUE(reencoded) << reencoded.error();
        ASSERT_EQ(reencoded.value().price, e.price);
    }
    aggregator.drain(candles, stats);
    ASSERT_FALSE(candles.empty());
    for (const auto& c : candles) {
        EXPECT_GE(c.candle.volume, 0);
        EXPECT_GE(c.candle.count, 0);
        EXPECT_FALSE(priceBoundError(c.candle.vwap()));
    }
    for (const auto& s : stats)
        EXPECT_GE(s.stats.volume, 0);
}
