// decodeIngress reads `stock-ingress`: JSON ticks and the original system's bare decimals. The
// input is "KEY|VALUE", as kcat -K'|' writes messages (no '|': an empty key).
#include "contract/price_event.h"
#include "domain/limits.h"
#include "domain/tick.h"
#include "fuzz_check.h"

#include <cstdint>
#include <string_view>

using kse::fuzz::check;

namespace {

constexpr std::int64_t kReferenceMs = 1'700'003'600'000;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto bar = input.find('|');
    const std::string_view key = bar == std::string_view::npos ? std::string_view() : input.substr(0, bar);
    const std::string_view value = bar == std::string_view::npos ? input : input.substr(bar + 1);
    const auto event = kse::decodeIngress(key, value, kReferenceMs);
    if (!event) {
        check(!event.error().empty(), "a refusal says why");
        return 0;
    }
    const kse::PriceEvent& e = event.value();
    check(!kse::symbolError(e.symbol), "an accepted symbol is valid");
    check(e.price.ticks() >= 0 && e.price.ticks() <= kse::limits::kMaxPriceTicks,
          "an accepted price is within the limits");
    check(e.qty >= 0 && e.qty <= kse::limits::kMaxQuantity, "an accepted quantity is within the limits");
    check(!kse::eventTimeError(e.ts, kReferenceMs), "an accepted time is within the window");
    return 0;
}
