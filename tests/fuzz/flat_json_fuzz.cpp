// FlatJson and the JsonCursor under it read every JSON message of the contract. The two ways of
// reading (parse keeps the members, visit only shows them) must agree, and a document the
// cursor can skip as one object must be readable as one.
#include "codec/flat_json.h"
#include "codec/json_cursor.h"
#include "fuzz_check.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using kse::FlatJson;
using kse::JsonCursor;
using kse::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    JsonCursor cursor(text);
    cursor.skipSpace();
    const bool isObject = cursor.peek() == '{';
    const bool skipped = cursor.skipValue() && cursor.expectEnd();
    check(skipped != cursor.failed(), "the cursor fails exactly when it says why");

    std::string error;
    const auto parsed = FlatJson::parse(text, error);
    check(parsed.has_value() == error.empty(), "parse fails exactly when it says why");
    if (skipped && isObject)
        check(parsed.has_value(), "an object the cursor skips is one FlatJson reads");

    std::vector<std::pair<std::string, FlatJson::Kind>> seen;
    std::string visitError;
    const bool visited =
        FlatJson::visit(text, visitError, [&seen](std::string_view key, FlatJson::Kind kind, std::string_view) {
            seen.emplace_back(std::string(key), kind);
        });
    check(visited == parsed.has_value(), "visit and parse accept the same documents");
    check(visitError == error, "visit and parse give the same reason");
    if (!parsed)
        return 0;

    for (const auto& [key, kind] : seen) {
        const FlatJson::Value* value = parsed->find(key);
        check(value != nullptr, "every member visited is found");
        const auto integer = parsed->integer(key);
        const auto number = parsed->number(key);
        check(!integer || (number && FlatJson::toInteger(*number) == integer), "an integer member is a number");
        check(number.has_value() == (value->kind == FlatJson::Kind::Number), "number() is the number members");
        check(parsed->string(key).has_value() == (value->kind == FlatJson::Kind::String),
              "string() is the string members");
    }
    return 0;
}
