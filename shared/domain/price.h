#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/result.h"

namespace kse {

// A non-negative amount of money in ticks of 0.0001. Never a float: floats exist only at the
// JSON edge and are converted here exactly, or rejected.
class Price {
public:
    static constexpr std::int64_t kScale = 10'000;
    static constexpr int kDecimals = 4;

    constexpr Price() = default;
    static constexpr Price fromTicks(std::int64_t ticks) { return Price(ticks); }

    // Parses a decimal number as written in JSON ("187.25", "1e2", "0.0001"). Errors say why.
    static Result<Price> parse(std::string_view text);
    // Converts a JSON double through its shortest round-trip decimal form, so 0.1 is exactly
    // 1000 ticks and 0.00001 is rejected rather than rounded.
    static Result<Price> fromDouble(double value);

    constexpr std::int64_t ticks() const { return m_ticks; }
    // Shortest exact decimal form: "187.25", "3", "0.0001".
    std::string toString() const;
    // The same into `out`, which must hold kMaxChars; returns the length. No allocation.
    static constexpr std::size_t kMaxChars = 24;
    std::size_t toChars(char* out) const;
    // A signed amount of ticks (a change, a P&L) as a JSON number: "-12.5", "3".
    static std::string signedString(std::int64_t ticks);
    // Always four decimals, like the original wire format's "%f" but exact: "187.2500".
    std::string toFixedString() const;
    // For JSON output only; exact for every value below 2^53 ticks.
    double toDouble() const { return static_cast<double>(m_ticks) / kScale; }

    // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 takes the 0 a defaulted <=> compares with for a null pointer
    friend constexpr auto operator<=>(Price, Price) = default;

private:
    constexpr explicit Price(std::int64_t ticks) : m_ticks(ticks) {}
    std::int64_t m_ticks = 0;
};

} // namespace kse
