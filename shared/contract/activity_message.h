#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/result.h"

namespace kse {

// The actions the platform reports; a consumer counts another as seen and nothing more.
namespace actions {
inline constexpr std::string_view kLogin = "login";
inline constexpr std::string_view kViewPrice = "view_price";
inline constexpr std::string_view kPlaceOrder = "place_order";
inline constexpr std::string_view kCancelOrder = "cancel_order";
} // namespace actions

// A `user-activity` message (key = user_id): {"user_id","action","symbol"?,"order_id"?,"ts"}.
struct ActivityMessage {
    std::string user;
    std::string action;
    std::string symbol;  // empty: none
    std::string orderId; // empty: none
    std::int64_t ts = 0;
};

std::string encodeActivityMessage(const ActivityMessage& activity);
// `ts` must lie in the event-time window of domain/limits.h around `referenceMs`
// (eventReference(message timestamp, now)).
Result<ActivityMessage> decodeActivityMessage(std::string_view json, std::int64_t referenceMs);

} // namespace kse
