#include "codec/flat_json.h"

#include <charconv>

#include "codec/json_cursor.h"

namespace kse {

std::optional<FlatJson> FlatJson::parse(std::string_view json, std::string& error) {
    JsonCursor cursor(json);
    FlatJson out;
    std::string_view key, text;
    std::string keyScratch, scratch;
    bool ok = cursor.expect('{', "'{'");
    if (ok && !cursor.consume('}')) {
        do {
            ok = cursor.readString(key, keyScratch) && cursor.expect(':', "':'");
            if (!ok)
                break;
            Value value;
            cursor.skipSpace();
            const char c = cursor.peek();
            if (c == '"') {
                value.kind = Kind::String;
                ok = cursor.readString(text, scratch);
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                value.kind = Kind::Number;
                ok = cursor.readNumber(text);
            } else if (c == 't' || c == 'f' || c == 'n') {
                value.kind = Kind::Literal;
                ok = cursor.readLiteral(text);
            } else {
                ok = cursor.skipValue();
                text = {};
            }
            if (ok) {
                value.text = std::string(text);
                out.m_members[std::string(key)] = std::move(value);
            }
        } while (ok && cursor.consume(','));
        ok = ok && cursor.expect('}', "',' or '}'");
    }
    ok = ok && cursor.expectEnd();
    if (!ok) {
        error = cursor.error();
        return std::nullopt;
    }
    return out;
}

const FlatJson::Value* FlatJson::find(std::string_view name) const {
    const auto it = m_members.find(name);
    return it == m_members.end() ? nullptr : &it->second;
}

std::optional<std::string> FlatJson::string(std::string_view name) const {
    const Value* v = find(name);
    return v && v->kind == Kind::String ? std::optional(v->text) : std::nullopt;
}

std::optional<std::int64_t> FlatJson::integer(std::string_view name) const {
    const Value* v = find(name);
    if (!v || v->kind != Kind::Number)
        return std::nullopt;
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(v->text.data(), v->text.data() + v->text.size(), value);
    if (ec != std::errc() || end != v->text.data() + v->text.size())
        return std::nullopt;
    return value;
}

std::optional<std::string> FlatJson::number(std::string_view name) const {
    const Value* v = find(name);
    return v && v->kind == Kind::Number ? std::optional(v->text) : std::nullopt;
}

} // namespace kse
