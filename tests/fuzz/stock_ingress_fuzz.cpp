// decodeIngress reads `stock-ingress`: JSON ticks and the original system's bare decimals. The
// input is "KEY|VALUE", as kcat -K'|' writes messages (no '|': an empty key).
#include "domain/tick.h"
#include "fuzz_check.h"
#include "stock_aggregator/price_event.h"

#include <cstdint>
#include <string_view>

using kse::fuzz::check;

namespace {

constexpr std::int64_t kMessageTs = 1'700'000'000'000;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto bar = input.find('|');
    const std::string_view key = bar == std::string_view::npos ? std::string_view() : input.substr(0, bar);
    const std::string_view value = bar == std::string_view::npos ? input : input.substr(bar + 1);
    const auto event = kse::decodeIngress(key, value, kMessageTs);
    if (!event) {
        check(!event.error().empty(), "a refusal says why");
        return 0;
    }
    const kse::PriceEvent& e = event.value();
    check(!kse::symbolError(e.symbol), "an accepted symbol is valid");
    check(e.price.ticks() >= 0, "an accepted price is not negative");
    check(e.qty >= 0, "an accepted quantity is not negative");
    check(e.ts >= 0, "an accepted time is not negative");
    return 0;
}
