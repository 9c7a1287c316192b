#pragma once

#include "http/http_limits.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kse {

// Frames the requests of one connection as their bytes arrive — the request line, the header
// fields, a Content-Length or chunked body — and stops at the first byte that breaks a limit or
// the framing, with the status to answer. It keeps no more than one line of the head, so a
// 64 MiB header line costs it 8 KiB.
//
// It reads exactly what QtHttpServer 6.4 reads (qhttpserverrequest.cpp): whitespace before a
// request line is skipped, lines may end in LF alone, a body exists when Content-Length > 0 or
// the transfer coding is chunked. Where Qt would guess — two different Content-Lengths, both
// Content-Length and chunked, a chunk line without CR, trailer fields (Qt reads two bytes after
// the last chunk whatever they are) — it refuses instead, so what it lets through is framed the
// same way by both.
class HttpRequestScanner {
public:
    struct Refusal {
        int status;
        std::string message;
    };

    explicit HttpRequestScanner(HttpLimits limits);

    // Scans the next bytes of the stream; a refusal as soon as one breaks a rule. After a
    // refusal nothing more is scanned.
    std::optional<Refusal> scan(std::string_view bytes);
    // Bytes of a Content-Length body still to come: they can be counted without being looked at.
    std::int64_t bodyBytesPending() const;
    // Counts `count` (≤ bodyBytesPending()) body bytes as scanned.
    void skipBody(std::int64_t count);

    // A request has begun (even with whitespace) and is not complete.
    bool inRequest() const { return m_state != State::Idle || m_skipped > 0; }
    std::uint64_t completed() const { return m_completed; }
    std::uint64_t scanned() const { return m_scanned; }
    // Where the last complete request ended in the stream (0 before the first).
    std::uint64_t previousEnd() const { return m_previousEnd; }
    // The current request sent `Expect: 100-continue` and none of its body has arrived.
    bool awaitsContinue() const { return m_expectContinue && m_bodyStarted == false && inBody(); }

private:
    enum class State { Idle, RequestLine, Header, Body, ChunkSize, ChunkData, ChunkDataEnd, LastChunkEnd, Refused };

    std::optional<Refusal> take(char c);
    std::optional<Refusal> endRequestLine();
    std::optional<Refusal> endHeaderLine();
    std::optional<Refusal> endHead();
    std::optional<Refusal> endChunkSizeLine();
    std::optional<Refusal> countChunkFraming(std::int64_t bytes);
    void complete();
    bool inBody() const;
    std::optional<Refusal> refuse(int status, std::string message);

    HttpLimits m_limits;
    State m_state = State::Idle;
    std::uint64_t m_scanned = 0;
    std::uint64_t m_completed = 0;
    std::uint64_t m_previousEnd = 0;
    std::int64_t m_skipped = 0; // whitespace before the request line
    std::string m_line;         // the line being read, without its line end
    std::int64_t m_headBytes = 0;
    int m_fields = 0;
    // What the header fields said.
    std::optional<std::int64_t> m_contentLength;
    int m_transferEncodings = 0;
    bool m_chunked = false;
    bool m_expectContinue = false;
    bool m_bodyStarted = false;
    std::int64_t m_remaining = 0;    // of the Content-Length body, or of the current chunk
    std::int64_t m_bodyBytes = 0;    // a chunked body's data so far
    std::int64_t m_framingBytes = 0; // a chunked body's framing so far
    int m_lineEnd = 0;               // bytes of CRLF seen after a chunk's data
};

} // namespace kse
