#pragma once

#include "domain/price.h"

#include <cstdint>
#include <optional>
#include <string>

namespace kse {

// The bounds every entry point enforces (HTTP bodies, every Kafka decoder, admin deposits), in
// one place so that no path can accept what another refuses. With these, a price × quantity is
// at most 10^18 ticks: it fits in 64 bits with room for sums, and checked arithmetic (Money)
// refuses the rest.
namespace limits {

// 10,000,000.0000: the largest price of an order, a tick, a trade, a candle or a deposit's cost.
inline constexpr std::int64_t kMaxPriceTicks = 100'000'000'000;
// The largest quantity of one order, trade, tick volume or share deposit.
inline constexpr std::int64_t kMaxQuantity = 10'000'000;
// How far ahead of the clock an event may be dated (clocks of feeds and hosts disagree a little).
inline constexpr std::int64_t kMaxFutureMs = 60'000;
// No event is older than this (2000-01-01T00:00:00Z). Older ones are harmless to the state (a
// newer event always wins), so history can be loaded; only the future is dangerous: one event
// dated next year would stay the newest and freeze a symbol's price.
inline constexpr std::int64_t kEarliestEventMs = 946'684'800'000;

} // namespace limits

// Why a price is out of bounds, or nothing. `what` names it in the message ("Price", "price").
std::optional<std::string> priceBoundError(Price price, const char* what = "price");
// Why a quantity is not in 1..kMaxQuantity (or 0..kMaxQuantity when zero is allowed).
std::optional<std::string> quantityError(std::int64_t qty, const char* what = "qty", bool zeroAllowed = false);
// Why an event time (ms since the epoch) is outside the window: not before kEarliestEventMs and at
// most kMaxFutureMs after `referenceMs`. Kafka consumers pass eventReference(), so replaying an
// old topic refuses nothing it took before and a forged timestamp cannot widen the window.
std::optional<std::string> eventTimeError(std::int64_t ts, std::int64_t referenceMs, const char* what = "ts");
// For what happened and must be counted whatever its stated time (a trade): the time, but no later
// than the window's end around `referenceMs`.
std::int64_t clampEventTime(std::int64_t ts, std::int64_t referenceMs);
// The reference for a Kafka message: its timestamp, but never later than now; now when absent.
std::int64_t eventReference(std::int64_t messageTs, std::int64_t nowMs);

} // namespace kse
