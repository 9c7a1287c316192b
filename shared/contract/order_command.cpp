#include "contract/order_command.h"

#include <charconv>

#include "codec/json_cursor.h"
#include "codec/json_writer.h"
#include "domain/price.h"
#include "domain/tick.h"

namespace kse {
namespace {

constexpr std::size_t kMaxIdLength = 64;

struct Fields {
    std::string type, orderId, userId, symbol, side, orderType, tif;
    std::string_view qty, price, ts;
    bool hasPrice = false;
    bool qtyIsNumber = false, tsIsNumber = false, priceIsNumber = false;
    bool hasQty = false, hasTs = false;
};

bool readInteger(std::string_view text, std::int64_t& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

std::string idError(std::string_view name, const std::string& id) {
    if (id.empty())
        return std::string(name) + " is required";
    if (id.size() > kMaxIdLength)
        return std::string(name) + " must be at most 64 characters";
    for (const char c : id)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
            return std::string(name) + " must not hold control characters";
    return {};
}

// Reads one member's value into the fields it fills; false on bad JSON.
bool readMember(JsonCursor& cursor, std::string_view key, Fields& f, std::string& scratch) {
    std::string_view text;
    const bool numeric = key == "qty" || key == "price" || key == "ts";
    cursor.skipSpace();
    const char c = cursor.peek();
    if (c == 'n')
        return cursor.readLiteral(text); // null: as if absent
    if (numeric)                         // present; a number only if it reads as one
        (key == "qty" ? f.hasQty : key == "ts" ? f.hasTs : f.hasPrice) = true;
    if (c == '-' || (c >= '0' && c <= '9')) {
        if (!cursor.readNumber(text))
            return false;
        if (key == "qty")
            f.qty = text, f.qtyIsNumber = true;
        else if (key == "price")
            f.price = text, f.priceIsNumber = true;
        else if (key == "ts")
            f.ts = text, f.tsIsNumber = true;
        return true;
    }
    if (c != '"')
        return cursor.skipValue();
    if (!cursor.readString(text, scratch))
        return false;
    std::string* target = key == "type"         ? &f.type
                          : key == "order_id"   ? &f.orderId
                          : key == "user_id"    ? &f.userId
                          : key == "symbol"     ? &f.symbol
                          : key == "side"       ? &f.side
                          : key == "order_type" ? &f.orderType
                          : key == "tif"        ? &f.tif
                                                : nullptr;
    if (target)
        *target = std::string(text);
    return true;
}

// Reads the object's fields; false (with the reason in `error`) on bad JSON.
bool readFields(JsonCursor& cursor, Fields& f, std::string& error) {
    std::string_view key;
    std::string keyScratch, scratch;
    bool ok = cursor.expect('{', "'{'");
    if (ok && !cursor.consume('}')) {
        do
            ok = cursor.readString(key, keyScratch) && cursor.expect(':', "':'") && readMember(cursor, key, f, scratch);
        while (ok && cursor.consume(','));
        ok = ok && cursor.expect('}', "',' or '}'");
    }
    ok = ok && cursor.expectEnd();
    if (!ok)
        error = cursor.error();
    return ok;
}

// The checks of a new order that come before the engine's own.
std::string refusalOf(const Fields& f, OrderCommand& command) {
    const auto side = parseSide(f.side);
    if (!side)
        return "side must be buy or sell";
    command.side = *side;
    const auto type = parseOrderType(f.orderType);
    if (!type)
        return "order_type must be limit or market";
    command.type = *type;
    if (f.tif.empty())
        command.tif = TimeInForce::Gtc;
    else if (const auto tif = parseTimeInForce(f.tif))
        command.tif = *tif;
    else // carried to the engine, which refuses it as unknown_tif
        command.tif = static_cast<TimeInForce>(static_cast<std::uint8_t>(TimeInForce::Fok) + 1);
    if (!f.qtyIsNumber || !readInteger(f.qty, command.qty)) {
        command.qty = 0;
        return f.hasQty ? "qty must be a positive integer" : "qty is required";
    }
    if (command.qty > kMaxOrderQty)
        return "qty must be at most 10000000";
    if (f.hasPrice) {
        if (!f.priceIsNumber)
            return "price must be a number";
        if (f.price.front() == '-')
            return std::string(reasons::kLimitNeedsPrice);
        auto price = Price::parse(f.price);
        if (!price)
            return price.error();
        if (price.value().ticks() > kMaxOrderPriceTicks)
            return "price must be at most 10000000";
        command.price = price.value().ticks();
    }
    return {};
}

} // namespace

Result<OrderCommand> decodeOrderCommand(std::string_view json, std::int64_t messageTs) {
    using R = Result<OrderCommand>;
    JsonCursor cursor(json);
    Fields f;
    std::string error;
    if (!readFields(cursor, f, error))
        return R::failure(error);
    OrderCommand command;
    if (f.type == "new")
        command.kind = OrderCommand::Kind::New;
    else if (f.type == "cancel")
        command.kind = OrderCommand::Kind::Cancel;
    else
        return R::failure(f.type.empty() ? "type is required" : "type must be new or cancel");
    if (auto e = idError("order_id", f.orderId); !e.empty())
        return R::failure(e);
    if (auto e = idError("user_id", f.userId); !e.empty())
        return R::failure(e);
    if (auto e = symbolError(f.symbol))
        return R::failure("symbol: " + *e);
    command.orderId = std::move(f.orderId);
    command.userId = std::move(f.userId);
    command.symbol = std::move(f.symbol);
    command.ts = messageTs;
    if (f.hasTs) {
        if (!f.tsIsNumber || !readInteger(f.ts, command.ts) || command.ts < 0)
            return R::failure("ts must be milliseconds since the epoch");
    }
    // Against the message's own timestamp, not the clock: a replay decides exactly as the first
    // run did. A trade takes its order's ts, so a future one would freeze prices downstream.
    // Without a message timestamp only the lower bound can be checked deterministically.
    auto timeError = messageTs > 0                           ? eventTimeError(command.ts, messageTs)
                     : command.ts < limits::kEarliestEventMs ? eventTimeError(command.ts, command.ts)
                                                             : std::nullopt;
    if (command.kind == OrderCommand::Kind::New)
        command.refusal = timeError ? *timeError : refusalOf(f, command);
    else if (timeError)
        return R::failure(*timeError);
    return R::success(std::move(command));
}

std::string encodeOrderCommand(const OrderCommand& command) {
    JsonWriter writer;
    writer.field("type", command.kind == OrderCommand::Kind::New ? "new" : "cancel")
        .field("order_id", command.orderId)
        .field("user_id", command.userId)
        .field("symbol", command.symbol);
    if (command.kind == OrderCommand::Kind::New) {
        writer.field("side", sideName(command.side))
            .field("order_type", orderTypeName(command.type))
            .field("qty", command.qty);
        if (command.price != 0)
            writer.field("price", Price::fromTicks(command.price));
        writer.field("tif", timeInForceName(command.tif));
    }
    return writer.field("ts", command.ts).finish();
}

} // namespace kse
