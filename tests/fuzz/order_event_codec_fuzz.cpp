// The order processor's answers (order_event_codec) read by the platform (exchange_messages):
// every order event and trade the engine can produce, with any ids and reasons, must reach the
// platform as it was sent. The input chooses the event; the contract's limits bound the numbers.
#include "contract/exchange_messages.h"
#include "contract/order_command.h"
#include "domain/limits.h"
#include "fuzz_check.h"
#include "order_processor/order_event_codec.h"

#include <cstdint>
#include <fuzzer/FuzzedDataProvider.h>
#include <string>

using kse::fuzz::check;

namespace {

constexpr std::int64_t kReferenceMs = 1'700'003'600'000;

std::string text(FuzzedDataProvider& in, bool nonEmpty) {
    std::string s = in.ConsumeRandomLengthString(80);
    if (nonEmpty && s.empty())
        s = "x";
    return s;
}

void orderEvent(FuzzedDataProvider& in) {
    kse::OrderUpdate u;
    u.orderId = text(in, true);
    u.userId = text(in, false);
    u.symbol = text(in, false);
    u.request = in.ConsumeBool() ? kse::OrderCommand::Kind::New : kse::OrderCommand::Kind::Cancel;
    u.status = static_cast<kse::OrderStatus>(in.ConsumeIntegralInRange<int>(0, 4));
    u.filled = in.ConsumeIntegralInRange<std::int64_t>(0, kse::kMaxOrderQty);
    u.remaining = in.ConsumeIntegralInRange<std::int64_t>(0, kse::kMaxOrderQty - u.filled);
    u.notional = in.ConsumeIntegralInRange<std::int64_t>(0, u.filled * kse::kMaxOrderPriceTicks);
    u.lastQty = in.ConsumeIntegralInRange<std::int64_t>(0, u.filled);
    u.lastPrice = in.ConsumeIntegralInRange<std::int64_t>(0, kse::kMaxOrderPriceTicks);
    u.reason = text(in, false);
    const auto ts = in.ConsumeIntegral<std::int64_t>();

    const auto decoded = kse::decodeOrderEventMessage(kse::encodeOrderUpdate(u, ts));
    check(decoded.ok(), "an encoded order event decodes");
    const kse::OrderEventMessage& e = decoded.value();
    check(e.orderId == u.orderId && e.userId == u.userId && e.symbol == u.symbol && e.reason == u.reason,
          "an order event's names arrive as sent");
    check(e.answersCancel == (u.request == kse::OrderCommand::Kind::Cancel) && e.status == u.status &&
              e.filled == u.filled && e.remaining == u.remaining && e.ts == ts,
          "an order event's status and numbers arrive as sent");
}

void trade(FuzzedDataProvider& in) {
    kse::TradeReport t;
    t.tradeId = text(in, true);
    t.symbol = text(in, false);
    t.price = in.ConsumeIntegralInRange<std::int64_t>(1, kse::kMaxOrderPriceTicks);
    t.qty = in.ConsumeIntegralInRange<std::int64_t>(1, kse::kMaxOrderQty);
    t.buyOrderId = text(in, false);
    t.sellOrderId = text(in, false);
    t.buyer = text(in, false);
    t.seller = text(in, false);
    t.aggressor = in.ConsumeBool() ? kse::Side::Buy : kse::Side::Sell;
    const auto ts = in.ConsumeIntegralInRange<std::int64_t>(kse::limits::kEarliestEventMs,
                                                            kReferenceMs + kse::limits::kMaxFutureMs);

    const auto decoded = kse::decodeTradeMessage(kse::encodeTrade(t, ts), kReferenceMs);
    check(decoded.ok(), "an encoded trade decodes");
    const kse::TradeMessage& m = decoded.value();
    check(m.tradeId == t.tradeId && m.symbol == t.symbol && m.buyOrderId == t.buyOrderId &&
              m.sellOrderId == t.sellOrderId && m.buyer == t.buyer && m.seller == t.seller,
          "a trade's names arrive as sent");
    check(m.price.ticks() == t.price && m.qty == t.qty && m.ts == ts && m.aggressor == t.aggressor,
          "a trade's numbers and aggressor arrive as sent");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    if (in.ConsumeBool())
        orderEvent(in);
    else
        trade(in);
    return 0;
}
