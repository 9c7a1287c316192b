#include "contract/activity_message.h"

#include "codec/flat_json.h"
#include "codec/json_writer.h"
#include "domain/limits.h"

namespace kse {

std::string encodeActivityMessage(const ActivityMessage& activity) {
    JsonWriter writer;
    writer.field("user_id", activity.user).field("action", activity.action);
    if (!activity.symbol.empty())
        writer.field("symbol", activity.symbol);
    if (!activity.orderId.empty())
        writer.field("order_id", activity.orderId);
    return writer.field("ts", activity.ts).finish();
}

Result<ActivityMessage> decodeActivityMessage(std::string_view json, std::int64_t referenceMs) {
    using R = Result<ActivityMessage>;
    using Kind = FlatJson::Kind;
    ActivityMessage a;
    std::optional<std::int64_t> ts;
    std::string error;
    const bool ok = FlatJson::visit(json, error, [&](std::string_view key, Kind kind, std::string_view text) {
        const bool isString = kind == Kind::String;
        if (key == "user_id")
            a.user.assign(isString ? text : std::string_view());
        else if (key == "action")
            a.action.assign(isString ? text : std::string_view());
        else if (key == "symbol")
            a.symbol.assign(isString ? text : std::string_view());
        else if (key == "order_id")
            a.orderId.assign(isString ? text : std::string_view());
        else if (key == "ts")
            ts = kind == Kind::Number ? FlatJson::toInteger(text) : std::nullopt;
    });
    if (!ok)
        return R::failure(error);
    if (a.user.empty())
        return R::failure("user activity: user_id is required");
    if (a.action.empty())
        return R::failure("user activity: action is required");
    if (!ts || *ts < 0)
        return R::failure("user activity: ts must be a non-negative integer");
    if (auto bad = eventTimeError(*ts, referenceMs))
        return R::failure("user activity: " + *bad);
    a.ts = *ts;
    return R::success(std::move(a));
}

} // namespace kse
