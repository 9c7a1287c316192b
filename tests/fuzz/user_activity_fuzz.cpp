// decodeActivityMessage reads `user-activity` for user analytics, whose model then counts it. An
// activity it accepts names a user and an action at a sound time, and the model takes it in.
#include "fuzz_check.h"
#include "user_analytics/analytics_model.h"

#include <cstdint>
#include <string_view>

using kse::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto decoded = kse::decodeActivityMessage(text);
    if (!decoded) {
        check(!decoded.error().empty(), "a refusal says why");
        return 0;
    }
    const kse::ActivityMessage& a = decoded.value();
    check(!a.user.empty() && !a.action.empty() && a.ts >= 0, "an accepted activity names who, what and when");
    kse::AnalyticsModel model;
    model.apply(a);
    const kse::AnalyticsDelta delta = model.take();
    const auto user = delta.users.find(a.user);
    check(user != delta.users.end() && user->second.lastSeen == a.ts, "the model sees the user at that time");
    check(delta.minutes.size() == 1 && delta.minutes.begin()->first <= a.ts &&
              a.ts - delta.minutes.begin()->first < kse::AnalyticsModel::kMinuteMs,
          "the activity counts in its minute");
    return 0;
}
