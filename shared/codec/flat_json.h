#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "codec/json_cursor.h"
#include <optional>
#include <string>
#include <string_view>

namespace kse {

// One flat JSON object's members, read in one pass: strings decoded, numbers kept as their
// text (so prices are never read through a double), nested values skipped. For the many small
// messages of the wire formats, where a DOM would cost more than the work.
class FlatJson {
public:
    enum class Kind { String, Number, Literal, Nested };
    struct Value {
        Kind kind = Kind::Nested;
        std::string text; // a string's content, a number's or literal's text
    };

    // The members, or the reason the text is not one JSON object.
    static std::optional<FlatJson> parse(std::string_view json, std::string& error);
    // The same reading without keeping anything: `visitor(name, kind, text)` sees each member in
    // turn (`text` is valid during the call only), for decoders on a hot path. False, with the
    // reason in `error`, when the text is not one JSON object.
    template <class Visitor> static bool visit(std::string_view json, std::string& error, Visitor&& visitor);

    bool has(std::string_view name) const { return find(name) != nullptr; }
    const Value* find(std::string_view name) const;
    // A string member, or nothing (absent or another kind).
    std::optional<std::string> string(std::string_view name) const;
    // An integer member written without fraction or exponent, or nothing.
    std::optional<std::int64_t> integer(std::string_view name) const;
    // A number member's text, or nothing.
    std::optional<std::string> number(std::string_view name) const;
    // A number's text as an integer, if it is one (no fraction, no exponent, in range).
    static std::optional<std::int64_t> toInteger(std::string_view text);

private:
    static bool readValue(JsonCursor& cursor, Kind& kind, std::string_view& text, std::string& scratch);

    // In order of appearance: a wire message has a dozen members at most, and a short vector is
    // found faster (and built with one allocation) where a map would allocate per member.
    std::vector<std::pair<std::string, Value>> m_members;
};

template <class Visitor> bool FlatJson::visit(std::string_view json, std::string& error, Visitor&& visitor) {
    JsonCursor cursor(json);
    std::string_view key, text;
    std::string keyScratch, scratch;
    bool ok = cursor.expect('{', "'{'");
    if (ok && !cursor.consume('}')) {
        do {
            Kind kind = Kind::Nested;
            ok = cursor.readString(key, keyScratch) && cursor.expect(':', "':'") &&
                 readValue(cursor, kind, text, scratch);
            if (ok)
                visitor(key, kind, text);
        } while (ok && cursor.consume(','));
        ok = ok && cursor.expect('}', "',' or '}'");
    }
    ok = ok && cursor.expectEnd();
    if (!ok)
        error = cursor.error();
    return ok;
}

} // namespace kse
