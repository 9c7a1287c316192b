#pragma once

#include <cstdint>
#include <map>
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

    bool has(std::string_view name) const { return m_members.find(name) != m_members.end(); }
    const Value* find(std::string_view name) const;
    // A string member, or nothing (absent or another kind).
    std::optional<std::string> string(std::string_view name) const;
    // An integer member written without fraction or exponent, or nothing.
    std::optional<std::int64_t> integer(std::string_view name) const;
    // A number member's text, or nothing.
    std::optional<std::string> number(std::string_view name) const;

private:
    std::map<std::string, Value, std::less<>> m_members;
};

} // namespace kse
