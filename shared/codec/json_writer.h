#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/price.h"

namespace kse {

// Appends one flat JSON object field by field. Much cheaper than building a QJsonObject on the
// hot paths (every tick passes through here), and exact for prices.
class JsonWriter {
public:
    JsonWriter();
    JsonWriter& field(std::string_view name, std::string_view text);
    JsonWriter& field(std::string_view name, std::int64_t value);
    JsonWriter& field(std::string_view name, Price price);
    JsonWriter& flag(std::string_view name, bool value);
    // A number already written as JSON (e.g. a signed fixed-point value).
    JsonWriter& number(std::string_view name, std::string_view json);
    std::string finish();

private:
    void key(std::string_view name);
    std::string m_out;
    bool m_first = true;
};

} // namespace kse
