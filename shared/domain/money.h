#pragma once

#include "domain/price.h"

#include <compare>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace kse {

// Thrown by an operation on money or quantities that would leave 64 bits. Callers at the edge
// turn it into a refusal (HTTP 4xx, or the message to dead-letters); it never wraps silently.
class ArithmeticOverflow : public std::range_error {
public:
    using std::range_error::range_error;
};

// Checked arithmetic on the integers that count shares and volumes.
std::int64_t checkedAdd(std::int64_t a, std::int64_t b);
std::int64_t checkedSub(std::int64_t a, std::int64_t b);
std::int64_t checkedMul(std::int64_t a, std::int64_t b);
// For counters that are statistics, not balances: stops at the ends of 64 bits instead.
std::int64_t saturatingAdd(std::int64_t a, std::int64_t b);

// A signed amount of money in ticks of 0.0001: cash, a reservation, a cost, a P&L. Unlike a bare
// int64, every operation is checked (ArithmeticOverflow), and it is always written as valid JSON,
// negative amounts included. A per-share price stays a Price.
class Money {
public:
    constexpr Money() = default;
    static constexpr Money fromTicks(std::int64_t ticks) { return Money(ticks); }
    static constexpr Money of(Price price) { return Money(price.ticks()); }
    // price × qty, checked.
    static Money times(Price price, std::int64_t qty);

    constexpr std::int64_t ticks() const { return m_ticks; }
    constexpr bool isNegative() const { return m_ticks < 0; }

    Money operator+(Money other) const { return Money(checkedAdd(m_ticks, other.m_ticks)); }
    Money operator-(Money other) const { return Money(checkedSub(m_ticks, other.m_ticks)); }
    Money& operator+=(Money other) { return *this = *this + other; }
    Money& operator-=(Money other) { return *this = *this - other; }
    Money operator-() const { return Money(checkedSub(0, m_ticks)); }
    // this × numerator / denominator, exact in 128 bits and truncated toward zero: the share of a
    // cost that part of a position carries. denominator > 0.
    Money scaled(std::int64_t numerator, std::int64_t denominator) const;
    // this / qty rounded half away from zero: an average per share. qty > 0.
    Price perShare(std::int64_t qty) const;

    // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 takes the 0 a defaulted <=> compares with for a null pointer
    friend constexpr auto operator<=>(Money, Money) = default;

    // Exact and valid JSON: "-12.5", "3", "0.0001", for every value (also the most negative).
    std::string toString() const;
    // For people: at least two decimals, "1234.50", "-0.0001".
    std::string toDisplay() const;

private:
    constexpr explicit Money(std::int64_t ticks) : m_ticks(ticks) {}
    std::int64_t m_ticks = 0;
};

} // namespace kse
