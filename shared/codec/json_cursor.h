#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kse {

// A forward-only reader over JSON text for the flat objects of our wire formats. It checks the
// grammar as it goes and reports the first error with its offset. No allocation unless a
// string holds escapes.
class JsonCursor {
public:
    explicit JsonCursor(std::string_view text) : m_text(text) {}

    // Inline: called between every token.
    void skipSpace() {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++m_pos;
        }
    }
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    // Consumes `c` (after whitespace) if it is next.
    bool consume(char c) {
        skipSpace();
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }
    bool expect(char c, const char* what);
    // Only whitespace may follow the document; false (with the error set) otherwise.
    bool expectEnd();

    // A string's decoded content. `scratch` holds it when escapes had to be decoded.
    bool readString(std::string_view& out, std::string& scratch);
    // The raw text of a number, checked against JSON's grammar.
    bool readNumber(std::string_view& out);
    // true/false/null: which literal was read.
    bool readLiteral(std::string_view& out);
    // Skips any value, nested ones included.
    bool skipValue(int depth = 0);

    bool failed() const { return !m_error.empty(); }
    bool fail(const std::string& message);
    // "invalid JSON at offset N: reason"
    std::string error() const;
    std::size_t offset() const { return m_pos; }

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
    std::size_t m_errorPos = 0;
    std::string m_error;
};

} // namespace kse
