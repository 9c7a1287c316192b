// decodeOrderEventMessage reads `order-events` for the platform's settlement and for user
// analytics. An event it accepts names its order, a known status and a sound fill.
#include "contract/exchange_messages.h"
#include "domain/limits.h"
#include "fuzz_check.h"

#include <cstdint>
#include <string_view>

using kse::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto event = kse::decodeOrderEventMessage(text);
    if (!event) {
        check(!event.error().empty(), "a refusal says why");
        return 0;
    }
    const kse::OrderEventMessage& e = event.value();
    check(!e.orderId.empty(), "an accepted event names its order");
    check(e.filled >= 0 && e.filled <= kse::limits::kMaxQuantity, "an accepted fill is within the limits");
    check(static_cast<std::uint8_t>(e.status) <= static_cast<std::uint8_t>(kse::OrderStatus::Cancelled),
          "an accepted status is a known one");
    return 0;
}
