#include "domain/price.h"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace kse {
namespace {

constexpr std::int64_t kMaxTicks = std::numeric_limits<std::int64_t>::max();

bool isDigit(char c) { return c >= '0' && c <= '9'; }

} // namespace

Result<Price> Price::parse(std::string_view text) {
    using R = Result<Price>;
    if (text.empty())
        return R::failure("price is empty");
    if (text.front() == '-')
        return R::failure("price must not be negative");
    if (text.front() == '+')
        text.remove_prefix(1);

    // Split into digits, optional fraction and optional exponent, as JSON writes numbers.
    std::string digits;
    int fractionDigits = 0;
    std::size_t i = 0;
    bool seenDigit = false;
    for (; i < text.size() && isDigit(text[i]); ++i, seenDigit = true)
        digits.push_back(text[i]);
    if (i < text.size() && text[i] == '.') {
        ++i;
        bool fractionDigit = false;
        for (; i < text.size() && isDigit(text[i]); ++i, fractionDigit = true) {
            digits.push_back(text[i]);
            ++fractionDigits;
        }
        if (!fractionDigit)
            return R::failure("price is not a number");
    }
    if (!seenDigit && digits.empty())
        return R::failure("price is not a number");
    long exponent = 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool negative = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-'))
            negative = text[i++] == '-';
        // from_chars would read a second sign ("1e--5") as the exponent's own.
        if (i == text.size() || !isDigit(text[i]))
            return R::failure("price is not a number");
        const auto* begin = text.data() + i;
        const auto* end = text.data() + text.size();
        auto [ptr, ec] = std::from_chars(begin, end, exponent);
        if (ec != std::errc() || ptr == begin || exponent > 1000)
            return R::failure("price is not a number");
        i += static_cast<std::size_t>(ptr - begin);
        if (negative)
            exponent = -exponent;
    }
    if (i != text.size())
        return R::failure("price is not a number");

    // value = digits * 10^(exponent - fractionDigits); ticks = value * 10^4.
    long shift = exponent - fractionDigits + kDecimals;
    while (shift < 0 && !digits.empty() && digits.back() == '0') {
        digits.pop_back();
        ++shift;
    }
    const auto firstNonZero = digits.find_first_not_of('0');
    if (firstNonZero == std::string::npos)
        return R::success(Price(0));
    if (shift < 0)
        return R::failure("price must have at most 4 decimals");
    digits.erase(0, firstNonZero);
    if (static_cast<long>(digits.size()) + shift > 19)
        return R::failure("price is too large");
    std::int64_t ticks = 0;
    for (char c : digits) {
        const std::int64_t d = c - '0';
        if (ticks > (kMaxTicks - d) / 10)
            return R::failure("price is too large");
        ticks = ticks * 10 + d;
    }
    for (long s = 0; s < shift; ++s) {
        if (ticks > kMaxTicks / 10)
            return R::failure("price is too large");
        ticks *= 10;
    }
    return R::success(Price(ticks));
}

Result<Price> Price::fromDouble(double value) {
    if (std::isnan(value) || std::isinf(value))
        return Result<Price>::failure("price must be a finite number");
    if (value == 0)
        return Result<Price>::success(Price(0)); // also -0.0
    if (value < 0)
        return Result<Price>::failure("price must not be negative");
    std::array<char, 64> buffer{};
    auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    if (ec != std::errc())
        return Result<Price>::failure("price is not a number");
    return parse(std::string_view(buffer.data(), static_cast<std::size_t>(end - buffer.data())));
}

std::string Price::toFixedString() const {
    std::string out = std::to_string(m_ticks / kScale);
    std::string fraction = std::to_string(m_ticks % kScale);
    out += '.';
    out.append(static_cast<std::size_t>(kDecimals) - fraction.size(), '0');
    out += fraction;
    return out;
}

std::size_t Price::toChars(char* out) const {
    // The magnitude in unsigned 64 bits: a negative amount (a change, a P&L) is written as
    // valid JSON too, the most negative one included.
    char* end = out;
    const bool negative = m_ticks < 0;
    const std::uint64_t magnitude =
        negative ? 0 - static_cast<std::uint64_t>(m_ticks) : static_cast<std::uint64_t>(m_ticks);
    if (negative)
        *end++ = '-';
    end = std::to_chars(end, out + kMaxChars, magnitude / kScale).ptr;
    std::uint64_t fraction = magnitude % kScale;
    if (fraction == 0)
        return static_cast<std::size_t>(end - out);
    *end++ = '.';
    for (std::uint64_t unit = kScale / 10; unit > 0 && fraction > 0; unit /= 10) {
        *end++ = static_cast<char>('0' + fraction / unit);
        fraction %= unit;
    }
    return static_cast<std::size_t>(end - out);
}

std::string Price::toString() const {
    char buffer[kMaxChars];
    return std::string(buffer, toChars(buffer));
}

std::string Price::signedString(std::int64_t ticks) { return Price(ticks).toString(); }

} // namespace kse
