#include "domain/money.h"

#include <algorithm>

namespace kse {
namespace {

__extension__ typedef __int128 Wide;

[[noreturn]] void overflow() { throw ArithmeticOverflow("amount out of range"); }

std::int64_t narrow(Wide value) {
    if (value > INT64_MAX || value < INT64_MIN)
        overflow();
    return static_cast<std::int64_t>(value);
}

// Digits of |ticks| with the decimal point placed; the magnitude is taken in unsigned 64 bits so
// that the most negative value has one too.
std::string format(std::int64_t ticks, int minDecimals) {
    const bool negative = ticks < 0;
    std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(ticks) : static_cast<std::uint64_t>(ticks);
    std::string whole = std::to_string(magnitude / Price::kScale);
    std::string fraction = std::to_string(Price::kScale + magnitude % Price::kScale).substr(1);
    while (static_cast<int>(fraction.size()) > minDecimals && fraction.back() == '0')
        fraction.pop_back();
    std::string out = negative ? "-" + whole : whole;
    if (!fraction.empty())
        out += "." + fraction;
    return out;
}

} // namespace

std::int64_t checkedAdd(std::int64_t a, std::int64_t b) {
    std::int64_t out = 0;
    if (__builtin_add_overflow(a, b, &out))
        overflow();
    return out;
}

std::int64_t checkedSub(std::int64_t a, std::int64_t b) {
    std::int64_t out = 0;
    if (__builtin_sub_overflow(a, b, &out))
        overflow();
    return out;
}

std::int64_t checkedMul(std::int64_t a, std::int64_t b) {
    std::int64_t out = 0;
    if (__builtin_mul_overflow(a, b, &out))
        overflow();
    return out;
}

std::int64_t saturatingAdd(std::int64_t a, std::int64_t b) {
    std::int64_t out = 0;
    if (__builtin_add_overflow(a, b, &out))
        return b > 0 ? INT64_MAX : INT64_MIN;
    return out;
}

Money Money::times(Price price, std::int64_t qty) { return Money(checkedMul(price.ticks(), qty)); }

Money Money::scaled(std::int64_t numerator, std::int64_t denominator) const {
    if (denominator <= 0)
        throw std::invalid_argument("Money::scaled: the denominator must be positive");
    return Money(narrow(static_cast<Wide>(m_ticks) * numerator / denominator));
}

Price Money::perShare(std::int64_t qty) const {
    if (qty <= 0)
        throw std::invalid_argument("Money::perShare: qty must be positive");
    const Wide q = static_cast<Wide>(m_ticks) / qty;
    const Wide r = static_cast<Wide>(m_ticks) % qty;
    const Wide twice = (r < 0 ? -r : r) * 2;
    return Price::fromTicks(narrow(twice >= qty ? q + (m_ticks < 0 ? -1 : 1) : q));
}

std::string Money::toString() const { return format(m_ticks, 0); }

std::string Money::toDisplay() const { return format(m_ticks, 2); }

} // namespace kse
