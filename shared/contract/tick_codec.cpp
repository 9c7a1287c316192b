#include "contract/tick_codec.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "codec/json_cursor.h"
#include "codec/json_writer.h"

namespace kse {
namespace {

constexpr double kMaxExactInteger = 9007199254740992.0; // 2^53

// An integer from a JSON number's text: "12", or a whole number written as "12.0" or "1.2e1".
std::optional<std::int64_t> toInteger(std::string_view text) {
    const bool plain = std::none_of(text.begin(), text.end(), [](char c) { return c == '.' || c == 'e' || c == 'E'; });
    if (plain) {
        std::int64_t value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size())
            return std::nullopt;
        return value;
    }
    const double d = std::strtod(std::string(text).c_str(), nullptr);
    if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > kMaxExactInteger)
        return std::nullopt;
    return static_cast<std::int64_t>(d);
}

enum class Kind { Absent, Null, String, Number, Other };

// One field's value as found in the text, judged only once the whole object has been read so
// that the first error reported does not depend on the order of the keys.
struct Field {
    Kind kind = Kind::Absent;
    std::string_view text;
    std::string scratch;
    bool present() const { return kind != Kind::Absent && kind != Kind::Null; }
};

struct TickFields {
    Field id, name, price, volume, ts;
    Field* find(std::string_view key) {
        if (key == "id")
            return &id;
        if (key == "name")
            return &name;
        if (key == "price")
            return &price;
        if (key == "volume")
            return &volume;
        if (key == "ts")
            return &ts;
        return nullptr;
    }
};

bool readField(JsonCursor& cursor, Field& field) {
    cursor.skipSpace();
    const char c = cursor.peek();
    if (c == '"') {
        field.kind = Kind::String;
        return cursor.readString(field.text, field.scratch);
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        field.kind = Kind::Number;
        return cursor.readNumber(field.text);
    }
    if (c == 'n') {
        field.kind = Kind::Null;
        return cursor.readLiteral(field.text);
    }
    field.kind = Kind::Other;
    return cursor.skipValue();
}

// Reads one object at the cursor into `fields`; false on a syntax error (in the cursor).
bool readObject(JsonCursor& cursor, TickFields& fields, bool& isObject) {
    cursor.skipSpace();
    if (cursor.peek() != '{') {
        isObject = false;
        return cursor.skipValue();
    }
    isObject = true;
    cursor.consume('{');
    if (cursor.consume('}'))
        return true;
    std::string_view key;
    std::string keyScratch;
    do {
        if (!cursor.readString(key, keyScratch) || !cursor.expect(':', "':'"))
            return false;
        Field ignored;
        Field* field = fields.find(key);
        if (!readField(cursor, field ? *field : ignored))
            return false;
    } while (cursor.consume(','));
    return cursor.expect('}', "',' or '}'");
}

Result<Tick> judge(const TickFields& fields, std::int64_t nowMs) {
    using R = Result<Tick>;
    Tick tick;
    if (fields.name.present() && fields.name.kind != Kind::String)
        return R::failure("name must be a string");
    if (fields.name.present())
        tick.symbol = std::string(fields.name.text);

    if (fields.id.present()) {
        const auto id = fields.id.kind == Kind::Number ? toInteger(fields.id.text) : std::nullopt;
        if (!id)
            return R::failure("id must be an integer");
        tick.id = *id;
    }

    if (!fields.price.present())
        return R::failure("Price is required");
    if (fields.price.kind != Kind::Number || fields.price.text.front() == '-')
        return R::failure("Price must be a non-negative number");
    auto price = Price::parse(fields.price.text);
    if (!price) {
        std::string message = price.error(); // "price must have at most 4 decimals"
        message.front() = 'P';               // read as a sentence, like the original's messages
        return R::failure(message);
    }
    tick.price = price.value();

    if (fields.volume.present()) {
        const auto volume = fields.volume.kind == Kind::Number ? toInteger(fields.volume.text) : std::nullopt;
        if (!volume || *volume < 0)
            return R::failure("Volume must be a non-negative integer");
        tick.volume = *volume;
    }

    tick.ts = nowMs;
    if (fields.ts.present()) {
        const auto ts = fields.ts.kind == Kind::Number ? toInteger(fields.ts.text) : std::nullopt;
        if (!ts || *ts < 0)
            return R::failure("ts must be milliseconds since the epoch");
        tick.ts = *ts;
    }

    if (auto error = tickError(tick, nowMs))
        return R::failure(*error);
    return R::success(std::move(tick));
}

} // namespace

Result<Tick> decodeTick(std::string_view json, std::int64_t nowMs) {
    JsonCursor cursor(json);
    TickFields fields;
    bool isObject = false;
    if (cursor.atEnd() || (cursor.skipSpace(), cursor.atEnd()))
        return Result<Tick>::failure("request body is empty; a JSON document is expected");
    if (!readObject(cursor, fields, isObject))
        return Result<Tick>::failure(cursor.error());
    if (!cursor.expectEnd())
        return Result<Tick>::failure(cursor.error());
    if (!isObject)
        return Result<Tick>::failure("a stock must be a JSON object");
    return judge(fields, nowMs);
}

Result<std::vector<Tick>> decodeTicks(std::string_view json, std::int64_t nowMs) {
    using R = Result<std::vector<Tick>>;
    JsonCursor cursor(json);
    cursor.skipSpace();
    if (cursor.atEnd())
        return R::failure("request body is empty; a JSON document is expected");
    if (cursor.peek() != '[') {
        if (!cursor.skipValue())
            return R::failure(cursor.error());
        return R::failure("a JSON array of stocks is expected");
    }
    cursor.consume('[');
    std::vector<Tick> ticks;
    std::optional<std::string> firstError; // reported only if the whole text is valid JSON
    if (!cursor.consume(']')) {
        do {
            TickFields fields;
            bool isObject = false;
            if (!readObject(cursor, fields, isObject))
                return R::failure(cursor.error());
            if (firstError)
                continue;
            auto tick = isObject ? judge(fields, nowMs) : Result<Tick>::failure("a stock must be a JSON object");
            if (!tick)
                firstError = "stock " + std::to_string(ticks.size()) + ": " + tick.error();
            else
                ticks.push_back(std::move(tick.value()));
        } while (cursor.consume(','));
        if (!cursor.expect(']', "',' or ']'"))
            return R::failure(cursor.error());
    }
    if (!cursor.expectEnd())
        return R::failure(cursor.error());
    if (firstError)
        return R::failure(*firstError);
    if (ticks.empty())
        return R::failure("the array holds no stocks");
    return R::success(std::move(ticks));
}

std::string encodeTick(const Tick& tick) {
    JsonWriter writer;
    writer.field("id", tick.id).field("name", tick.symbol).field("price", tick.price);
    if (tick.volume)
        writer.field("volume", *tick.volume);
    writer.field("ts", tick.ts);
    return writer.finish();
}

} // namespace kse
