// Price::parse reads every price that arrives as text: ticks (also the original bare-decimal
// format), orders, trades, candles. What it accepts must print and read back as itself, and mean
// the same as the double the text spells (for the 15 digits a double holds exactly).
#include "domain/price.h"
#include "fuzz_check.h"

#include <cstdint>
#include <cstdlib>
#include <string>

using kse::Price;
using kse::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const auto parsed = Price::parse(text);
    if (!parsed) {
        check(!parsed.error().empty(), "a refusal says why");
        return 0;
    }
    const Price price = parsed.value();
    check(price.ticks() >= 0, "a parsed price is not negative");
    const auto again = Price::parse(price.toString());
    check(again && again.value() == price, "toString() reads back as the same price");
    const auto fixed = Price::parse(price.toFixedString());
    check(fixed && fixed.value() == price, "toFixedString() reads back as the same price");
    if (price.ticks() < 1'000'000'000'000'000) {
        const auto viaDouble = Price::fromDouble(std::strtod(text.c_str(), nullptr));
        check(viaDouble && viaDouble.value() == price, "the text and its double give the same price");
    }
    return 0;
}
