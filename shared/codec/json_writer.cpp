#include "codec/json_writer.h"

#include <array>
#include <charconv>

namespace kse {

JsonWriter::JsonWriter() {
    m_out.reserve(128);
    m_out.append('{');
}

void JsonWriter::key(QByteArrayView name) {
    if (!m_first)
        m_out.append(',');
    m_first = false;
    m_out.append('"').append(name).append("\":");
}

JsonWriter& JsonWriter::field(QByteArrayView name, QByteArrayView text) {
    key(name);
    m_out.append('"');
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            m_out.append('\\').append(c);
        } else if (u < 0x20) {
            static constexpr char kHex[] = "0123456789abcdef";
            m_out.append("\\u00").append(kHex[u >> 4]).append(kHex[u & 0xf]);
        } else {
            m_out.append(c);
        }
    }
    m_out.append('"');
    return *this;
}

JsonWriter& JsonWriter::field(QByteArrayView name, std::int64_t value) {
    key(name);
    std::array<char, 24> buffer{};
    auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    m_out.append(buffer.data(), end - buffer.data());
    return *this;
}

JsonWriter& JsonWriter::field(QByteArrayView name, Price price) {
    key(name);
    char buffer[Price::kMaxChars];
    m_out.append(buffer, static_cast<qsizetype>(price.toChars(buffer)));
    return *this;
}

JsonWriter& JsonWriter::flag(QByteArrayView name, bool value) {
    key(name);
    m_out.append(value ? "true" : "false");
    return *this;
}

QByteArray JsonWriter::finish() {
    m_out.append('}');
    return std::move(m_out);
}

} // namespace kse
