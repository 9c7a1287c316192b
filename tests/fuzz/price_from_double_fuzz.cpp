// Price::fromDouble takes the doubles of JSON bodies read through Qt. The input's first 8 bytes
// are the double. What it accepts must be that double exactly, in whole ticks.
#include "domain/price.h"
#include "fuzz_check.h"

#include <cmath>
#include <cstdint>
#include <cstring>

using kse::Price;
using kse::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    double value = 0;
    std::memcpy(&value, data, size < sizeof value ? size : sizeof value);
    const auto price = Price::fromDouble(value);
    if (!price) {
        check(!(std::isfinite(value) && value == 0), "zero is a price");
        return 0;
    }
    check(std::isfinite(value) && value >= 0, "only finite, non-negative doubles are prices");
    check(price.value().ticks() >= 0, "a price is not negative");
    if (price.value().ticks() < (std::int64_t{1} << 53))
        check(price.value().toDouble() == value, "the price is the double exactly");
    return 0;
}
