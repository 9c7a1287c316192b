#include "codec/flat_json.h"

#include <charconv>

namespace kse {

bool FlatJson::readValue(JsonCursor& cursor, Kind& kind, std::string_view& text, std::string& scratch) {
    cursor.skipSpace();
    const char c = cursor.peek();
    if (c == '"') {
        kind = Kind::String;
        return cursor.readString(text, scratch);
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        kind = Kind::Number;
        return cursor.readNumber(text);
    }
    if (c == 't' || c == 'f' || c == 'n') {
        kind = Kind::Literal;
        return cursor.readLiteral(text);
    }
    kind = Kind::Nested;
    text = {};
    return cursor.skipValue();
}

std::optional<FlatJson> FlatJson::parse(std::string_view json, std::string& error) {
    FlatJson out;
    out.m_members.reserve(12);
    const bool ok = visit(json, error, [&out](std::string_view key, Kind kind, std::string_view text) {
        out.m_members.emplace_back(std::string(key), Value{kind, std::string(text)});
    });
    if (!ok)
        return std::nullopt;
    return out;
}

const FlatJson::Value* FlatJson::find(std::string_view name) const {
    // From the back: with a repeated name the last one counts, as in most JSON readers. (A range-for
    // over std::views::reverse, which clang-tidy proposes, does not compile with Clang 14's ranges.)
    // NOLINTNEXTLINE(modernize-loop-convert)
    for (auto it = m_members.rbegin(); it != m_members.rend(); ++it)
        if (it->first == name)
            return &it->second;
    return nullptr;
}

std::optional<std::string> FlatJson::string(std::string_view name) const {
    const Value* v = find(name);
    return v && v->kind == Kind::String ? std::optional(v->text) : std::nullopt;
}

std::optional<std::int64_t> FlatJson::toInteger(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::optional<std::int64_t> FlatJson::integer(std::string_view name) const {
    const Value* v = find(name);
    if (!v || v->kind != Kind::Number)
        return std::nullopt;
    return toInteger(v->text);
}

std::optional<std::string> FlatJson::number(std::string_view name) const {
    const Value* v = find(name);
    return v && v->kind == Kind::Number ? std::optional(v->text) : std::nullopt;
}

} // namespace kse
