#include "codec/json_cursor.h"

namespace kse {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void appendUtf8(std::string& out, unsigned code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

constexpr int kMaxDepth = 64;

// Reads the four hex digits after the 'u' at `i`; leaves `i` on the last of them.
bool readHex4(std::string_view raw, std::size_t& i, unsigned& code) {
    if (i + 4 >= raw.size())
        return false;
    code = 0;
    for (std::size_t k = 1; k <= 4; ++k) {
        const int h = hexValue(raw[i + k]);
        if (h < 0)
            return false;
        code = code * 16 + static_cast<unsigned>(h);
    }
    i += 4;
    return true;
}

} // namespace

bool JsonCursor::fail(const std::string& message) {
    if (m_error.empty()) {
        m_error = message;
        m_errorPos = m_pos;
    }
    return false;
}

std::string JsonCursor::error() const {
    return "invalid JSON at offset " + std::to_string(m_errorPos) + ": " + m_error;
}

bool JsonCursor::expect(char c, const char* what) {
    if (consume(c))
        return true;
    return fail(atEnd() ? std::string("unexpected end, expected ") + what : std::string("expected ") + what);
}

bool JsonCursor::expectEnd() {
    skipSpace();
    return atEnd() || fail("unexpected text after the JSON document");
}

bool JsonCursor::readString(std::string_view& out, std::string& scratch) {
    skipSpace();
    if (peek() != '"')
        return fail("expected a string");
    const std::size_t start = ++m_pos;
    bool escaped = false;
    // A local index: the compiler cannot keep a member in a register across the loop.
    std::size_t at = m_pos;
    const std::size_t size = m_text.size();
    const char* text = m_text.data();
    for (; at < size; ++at) {
        const char c = text[at];
        if (c == '"')
            break;
        if (static_cast<unsigned char>(c) < 0x20) {
            m_pos = at;
            return fail("control character in string");
        }
        if (c == '\\') {
            escaped = true;
            ++at;
        }
    }
    m_pos = at;
    if (m_pos >= size)
        return fail("unterminated string");
    const std::string_view raw = m_text.substr(start, m_pos - start);
    ++m_pos;
    if (!escaped) {
        out = raw;
        return true;
    }
    scratch.clear();
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\') {
            scratch += raw[i];
            continue;
        }
        const char e = raw[++i];
        switch (e) {
        case '"':
        case '\\':
        case '/': scratch += e; break;
        case 'b': scratch += '\b'; break;
        case 'f': scratch += '\f'; break;
        case 'n': scratch += '\n'; break;
        case 'r': scratch += '\r'; break;
        case 't': scratch += '\t'; break;
        case 'u': {
            unsigned code = 0;
            if (!readHex4(raw, i, code))
                return fail("bad \\u escape");
            // A UTF-16 surrogate pair spells one code point beyond the basic plane.
            if (code >= 0xD800 && code < 0xDC00 && i + 2 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u') {
                std::size_t j = i + 2;
                unsigned low = 0;
                if (readHex4(raw, j, low) && low >= 0xDC00 && low < 0xE000) {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                    i = j;
                }
            }
            appendUtf8(scratch, code);
            break;
        }
        default: return fail("bad escape in string");
        }
    }
    out = scratch;
    return true;
}

bool JsonCursor::readNumber(std::string_view& out) {
    skipSpace();
    const std::size_t start = m_pos;
    if (peek() == '-')
        ++m_pos;
    if (peek() == '0') {
        ++m_pos;
    } else if (isDigit(peek())) {
        while (isDigit(peek()))
            ++m_pos;
    } else {
        return fail("expected a number");
    }
    if (peek() == '.') {
        ++m_pos;
        if (!isDigit(peek()))
            return fail("expected a digit after the decimal point");
        while (isDigit(peek()))
            ++m_pos;
    }
    if (peek() == 'e' || peek() == 'E') {
        ++m_pos;
        if (peek() == '+' || peek() == '-')
            ++m_pos;
        if (!isDigit(peek()))
            return fail("expected a digit in the exponent");
        while (isDigit(peek()))
            ++m_pos;
    }
    out = m_text.substr(start, m_pos - start);
    return true;
}

bool JsonCursor::readLiteral(std::string_view& out) {
    skipSpace();
    for (std::string_view literal : {std::string_view("true"), std::string_view("false"), std::string_view("null")}) {
        if (m_text.substr(m_pos, literal.size()) == literal) {
            m_pos += literal.size();
            out = literal;
            return true;
        }
    }
    return fail(atEnd() ? "unexpected end" : "unexpected character");
}

bool JsonCursor::skipValue(int depth) {
    if (depth > kMaxDepth)
        return fail("nested too deeply");
    skipSpace();
    std::string_view ignored;
    std::string scratch;
    switch (peek()) {
    case '"': return readString(ignored, scratch);
    case '{':
        ++m_pos;
        if (consume('}'))
            return true;
        do {
            if (!readString(ignored, scratch) || !expect(':', "':'") || !skipValue(depth + 1))
                return false;
        } while (consume(','));
        return expect('}', "',' or '}'");
    case '[':
        ++m_pos;
        if (consume(']'))
            return true;
        do {
            if (!skipValue(depth + 1))
                return false;
        } while (consume(','));
        return expect(']', "',' or ']'");
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9': return readNumber(ignored);
    default: return readLiteral(ignored);
    }
}

} // namespace kse
