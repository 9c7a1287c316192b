#include "codec/json_writer.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace kse {

JsonWriter::JsonWriter() {
    m_out.reserve(96);
    m_out += '{';
}

void JsonWriter::key(std::string_view name) {
    if (!m_first)
        m_out += ',';
    m_first = false;
    m_out += '"';
    m_out += name;
    m_out += "\":";
}

JsonWriter& JsonWriter::field(std::string_view name, std::string_view text) {
    key(name);
    m_out += '"';
    const bool plain = std::none_of(
        text.begin(), text.end(), [](char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; });
    if (plain) { // the usual case: symbols and ids need no escaping
        m_out += text;
        m_out += '"';
        return *this;
    }
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            m_out += '\\';
            m_out += c;
        } else if (u < 0x20) {
            static constexpr char kHex[] = "0123456789abcdef";
            m_out += "\\u00";
            m_out += kHex[u >> 4];
            m_out += kHex[u & 0xf];
        } else {
            m_out += c;
        }
    }
    m_out += '"';
    return *this;
}

JsonWriter& JsonWriter::field(std::string_view name, std::int64_t value) {
    key(name);
    std::array<char, 24> buffer{};
    auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    m_out.append(buffer.data(), static_cast<std::size_t>(end - buffer.data()));
    return *this;
}

JsonWriter& JsonWriter::field(std::string_view name, Price price) {
    key(name);
    char buffer[Price::kMaxChars];
    m_out.append(buffer, price.toChars(buffer));
    return *this;
}

JsonWriter& JsonWriter::flag(std::string_view name, bool value) {
    key(name);
    m_out += value ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::number(std::string_view name, std::string_view json) {
    key(name);
    m_out += json;
    return *this;
}

std::string JsonWriter::finish() {
    m_out += '}';
    return std::move(m_out);
}

} // namespace kse
