// User analytics reads three topics and counts what it decodes in its model, as
// analytics_worker.cpp does. The input's first byte names the topic ('a' user-activity,
// 'e' order-events, anything else trades) and the rest is the message. Whatever is accepted must
// be counted under the name and at the time it carried, or refused as the worker refuses a sum
// that would overflow (ArithmeticOverflow), never overflow silently.
#include "domain/money.h"
#include "fuzz_check.h"
#include "user_analytics/analytics_model.h"

#include <cstdint>
#include <string_view>

using kse::fuzz::check;

namespace {

constexpr std::int64_t kReferenceMs = 1'700'003'600'000;

bool inItsMinute(const kse::AnalyticsDelta& delta, std::int64_t ts) {
    return delta.minutes.size() == 1 && delta.minutes.begin()->first <= ts &&
           ts - delta.minutes.begin()->first < kse::AnalyticsModel::kMinuteMs;
}

void activity(std::string_view text) {
    const auto decoded = kse::decodeActivityMessage(text, kReferenceMs);
    if (!decoded)
        return;
    const kse::ActivityMessage& a = decoded.value();
    check(!a.user.empty() && !a.action.empty() && a.ts >= 0, "an accepted activity names who, what and when");
    kse::AnalyticsModel model;
    model.apply(0, a);
    const kse::AnalyticsDelta delta = model.take()[0];
    const auto user = delta.users.find(a.user);
    check(user != delta.users.end() && user->second.lastSeen == a.ts, "the model sees the user at that time");
    check(inItsMinute(delta, a.ts), "the activity counts in its minute");
}

void orderEvent(std::string_view text) {
    const auto decoded = kse::decodeOrderEventMessage(text);
    if (!decoded)
        return;
    kse::AnalyticsModel model;
    model.apply(0, decoded.value());
    model.take();
}

void trade(std::string_view text) {
    const auto decoded = kse::decodeTradeMessage(text, kReferenceMs);
    if (!decoded)
        return;
    const kse::TradeMessage& t = decoded.value();
    // A position the trade closes, so that its P&L is realised too.
    kse::TradeMessage opening = t;
    std::swap(opening.buyer, opening.seller);
    kse::AnalyticsModel model;
    model.apply(0, opening);
    model.apply(0, t);
    const kse::AnalyticsDelta delta = model.take()[0];
    check(delta.symbols.at(t.symbol).volume == 2 * t.qty, "both trades count in the symbol's volume");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        if (data[0] == 'a')
            activity(text);
        else if (data[0] == 'e')
            orderEvent(text);
        else
            trade(text);
    } catch (const kse::ArithmeticOverflow&) {
        // Refused before counting, as analytics_worker.cpp expects.
    }
    return 0;
}
