#include "http/http_request_scanner.h"

#include <algorithm>
#include <cctype>

namespace kse {
namespace {

// RFC 9110 token characters: what a method and a field name are made of.
bool isTokenChar(char c) {
    if (std::isalnum(static_cast<unsigned char>(c)))
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isToken(std::string_view text) { return !text.empty() && std::all_of(text.begin(), text.end(), isTokenChar); }

bool isWhitespace(char c) { return c == ' ' || c == '\t'; }

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && isWhitespace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isWhitespace(text.back()))
        text.remove_suffix(1);
    return text;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

HttpRequestScanner::HttpRequestScanner(HttpLimits limits) : m_limits(limits) {}

std::optional<HttpRequestScanner::Refusal> HttpRequestScanner::scan(std::string_view bytes) {
    std::size_t i = 0;
    while (i < bytes.size()) {
        if (m_state == State::Refused)
            return std::nullopt;
        if (m_state == State::Body || m_state == State::ChunkData) {
            const auto count = std::min<std::int64_t>(m_remaining, static_cast<std::int64_t>(bytes.size() - i));
            skipBody(count);
            i += static_cast<std::size_t>(count);
            continue;
        }
        ++m_scanned;
        if (auto refusal = take(bytes[i++]))
            return refusal;
    }
    return std::nullopt;
}

std::int64_t HttpRequestScanner::bodyBytesPending() const {
    return m_state == State::Body || m_state == State::ChunkData ? m_remaining : 0;
}

void HttpRequestScanner::skipBody(std::int64_t count) {
    m_remaining -= count;
    m_scanned += static_cast<std::uint64_t>(count);
    m_bodyStarted = true;
    if (m_remaining > 0)
        return;
    if (m_state == State::Body) {
        complete();
    } else {
        m_state = State::ChunkDataEnd;
        m_lineEnd = 0;
    }
}

bool HttpRequestScanner::inBody() const {
    switch (m_state) {
    case State::Body:
    case State::ChunkSize:
    case State::ChunkData:
    case State::ChunkDataEnd:
    case State::LastChunkEnd: return true;
    default: return false;
    }
}

std::optional<HttpRequestScanner::Refusal> HttpRequestScanner::take(char c) {
    switch (m_state) {
    case State::Idle:
        // Qt skips these before a request line (a client's stray CRLF after a body, say).
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v') {
            if (++m_skipped > m_limits.maxRequestLineBytes)
                return refuse(400, "too much whitespace before the request line");
            return std::nullopt;
        }
        m_state = State::RequestLine;
        [[fallthrough]];
    case State::RequestLine: {
        ++m_headBytes;
        if (c == '\n')
            return endRequestLine();
        m_line.push_back(c);
        const auto size = static_cast<std::int64_t>(m_line.size());
        if (size > m_limits.maxRequestLineBytes + 1 || (size > m_limits.maxRequestLineBytes && c != '\r'))
            return refuse(414,
                          "the request line is longer than " + std::to_string(m_limits.maxRequestLineBytes) + " bytes");
        return std::nullopt;
    }
    case State::Header: {
        if (++m_headBytes > m_limits.maxHeadBytes)
            return refuse(431, "the request head is larger than " + std::to_string(m_limits.maxHeadBytes) + " bytes");
        if (c == '\n')
            return endHeaderLine();
        m_line.push_back(c);
        const auto size = static_cast<std::int64_t>(m_line.size());
        if (size > m_limits.maxHeaderLineBytes + 1 || (size > m_limits.maxHeaderLineBytes && c != '\r'))
            return refuse(431,
                          "a header field is longer than " + std::to_string(m_limits.maxHeaderLineBytes) + " bytes");
        return std::nullopt;
    }
    case State::ChunkSize: {
        m_bodyStarted = true;
        if (auto refusal = countChunkFraming(1))
            return refusal;
        if (c == '\n') {
            // Qt finds the end of a chunk-size line by its CRLF only (getChunkSize).
            if (m_line.empty() || m_line.back() != '\r')
                return refuse(400, "a chunk-size line must end with CRLF");
            m_line.pop_back();
            return endChunkSizeLine();
        }
        m_line.push_back(c);
        if (static_cast<std::int64_t>(m_line.size()) > m_limits.maxHeaderLineBytes)
            return refuse(400,
                          "a chunk-size line is longer than " + std::to_string(m_limits.maxHeaderLineBytes) + " bytes");
        return std::nullopt;
    }
    case State::ChunkDataEnd:
        if (auto refusal = countChunkFraming(1))
            return refusal;
        if (c != (m_lineEnd == 0 ? '\r' : '\n'))
            return refuse(400, "a chunk's data must be followed by CRLF");
        if (++m_lineEnd == 2) {
            m_state = State::ChunkSize;
            m_line.clear();
        }
        return std::nullopt;
    case State::LastChunkEnd:
        if (auto refusal = countChunkFraming(1))
            return refusal;
        if (c != (m_lineEnd == 0 ? '\r' : '\n'))
            return refuse(400, "trailer fields are not accepted; the last chunk must be followed by CRLF");
        if (++m_lineEnd == 2)
            complete();
        return std::nullopt;
    case State::Body:
    case State::ChunkData:
    case State::Refused: break; // handled in bulk by scan()
    }
    return std::nullopt;
}

std::optional<HttpRequestScanner::Refusal> HttpRequestScanner::endRequestLine() {
    if (!m_line.empty() && m_line.back() == '\r')
        m_line.pop_back();
    const std::string_view line = m_line;
    const auto firstSpace = line.find(' ');
    const auto secondSpace = firstSpace == std::string_view::npos ? firstSpace : line.find(' ', firstSpace + 1);
    if (secondSpace == std::string_view::npos)
        return refuse(400, "malformed request line: METHOD TARGET HTTP/1.1 expected");
    const auto method = line.substr(0, firstSpace);
    const auto target = line.substr(firstSpace + 1, secondSpace - firstSpace - 1);
    const auto version = line.substr(secondSpace + 1);
    const bool targetValid = !target.empty() && std::all_of(target.begin(), target.end(), [](char c) {
        return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
    });
    if (!isToken(method) || !targetValid || version.substr(0, 5) != "HTTP/")
        return refuse(400, "malformed request line: METHOD TARGET HTTP/1.1 expected");
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return refuse(505, "only HTTP/1.0 and HTTP/1.1 are served");
    m_state = State::Header;
    m_line.clear();
    return std::nullopt;
}

std::optional<HttpRequestScanner::Refusal> HttpRequestScanner::endHeaderLine() {
    if (!m_line.empty() && m_line.back() == '\r')
        m_line.pop_back();
    if (m_line.empty())
        return endHead();
    if (++m_fields > m_limits.maxHeaderFields)
        return refuse(431, "more than " + std::to_string(m_limits.maxHeaderFields) + " header fields");
    const std::string_view line = m_line;
    if (isWhitespace(line.front()))
        return refuse(400, "folded header lines are not accepted");
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || !isToken(line.substr(0, colon)))
        return refuse(400, "malformed header field: NAME: VALUE expected");
    const auto name = line.substr(0, colon);
    const auto value = trimmed(line.substr(colon + 1));
    if (std::any_of(value.begin(), value.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return (u < 0x20 && c != '\t') || u == 0x7f;
        }))
        return refuse(400, "a header field holds a control character");

    if (equalsIgnoringCase(name, "content-length")) {
        if (value.empty() || value.size() > 18 ||
            !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return refuse(400, "Content-Length must be a number of bytes");
        const std::int64_t length = std::stoll(std::string(value));
        if (m_contentLength && *m_contentLength != length)
            return refuse(400, "conflicting Content-Length fields");
        m_contentLength = length;
    } else if (equalsIgnoringCase(name, "transfer-encoding")) {
        ++m_transferEncodings;
        if (!equalsIgnoringCase(value, "chunked"))
            return refuse(501, "only the chunked transfer coding is accepted");
        m_chunked = true;
    } else if (equalsIgnoringCase(name, "expect")) {
        if (!equalsIgnoringCase(value, "100-continue"))
            return refuse(417, "only Expect: 100-continue is understood");
        m_expectContinue = true;
    }
    m_line.clear();
    return std::nullopt;
}

std::optional<HttpRequestScanner::Refusal> HttpRequestScanner::endHead() {
    if (m_transferEncodings > 1)
        return refuse(400, "more than one Transfer-Encoding field");
    if (m_chunked && m_contentLength)
        return refuse(400, "a request may not have both Content-Length and Transfer-Encoding");
    if (m_contentLength && *m_contentLength > m_limits.maxBodyBytes)
        return refuse(413, "request body is larger than " + std::to_string(m_limits.maxBodyBytes) + " bytes");
    m_line.clear();
    if (m_chunked) {
        m_state = State::ChunkSize;
    } else if (m_contentLength.value_or(0) > 0) {
        m_state = State::Body;
        m_remaining = *m_contentLength;
    } else {
        complete();
    }
    return std::nullopt;
}

std::optional<HttpRequestScanner::Refusal> HttpRequestScanner::endChunkSizeLine() {
    const std::string_view line = m_line;
    std::size_t digits = 0;
    std::int64_t size = 0;
    const std::int64_t room = m_limits.maxBodyBytes - m_bodyBytes;
    for (; digits < line.size() && hexValue(line[digits]) >= 0; ++digits) {
        size = size * 16 + hexValue(line[digits]);
        if (size > room)
            return refuse(413, "request body is larger than " + std::to_string(m_limits.maxBodyBytes) + " bytes");
    }
    auto rest = line.substr(digits);
    while (!rest.empty() && isWhitespace(rest.front()))
        rest.remove_prefix(1);
    if (digits == 0 || (!rest.empty() && rest.front() != ';'))
        return refuse(400, "malformed chunk size");
    if (size == 0) {
        m_state = State::LastChunkEnd;
        m_lineEnd = 0;
        return std::nullopt;
    }
    m_bodyBytes += size;
    m_remaining = size;
    m_state = State::ChunkData;
    return std::nullopt;
}

std::optional<HttpRequestScanner::Refusal> HttpRequestScanner::countChunkFraming(std::int64_t bytes) {
    m_framingBytes += bytes;
    if (m_framingBytes > m_limits.maxChunkFramingBytes)
        return refuse(413, "the chunked body spends more than " + std::to_string(m_limits.maxChunkFramingBytes) +
                               " bytes on its framing");
    return std::nullopt;
}

void HttpRequestScanner::complete() {
    ++m_completed;
    m_previousEnd = m_scanned;
    m_state = State::Idle;
    m_skipped = 0;
    m_line.clear();
    m_headBytes = 0;
    m_fields = 0;
    m_contentLength.reset();
    m_transferEncodings = 0;
    m_chunked = false;
    m_expectContinue = false;
    m_bodyStarted = false;
    m_remaining = 0;
    m_bodyBytes = 0;
    m_framingBytes = 0;
    m_lineEnd = 0;
}

std::optional<HttpRequestScanner::Refusal> HttpRequestScanner::refuse(int status, std::string message) {
    m_state = State::Refused;
    return Refusal{status, std::move(message)};
}

} // namespace kse
