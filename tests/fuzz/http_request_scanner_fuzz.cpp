// HttpRequestScanner frames every byte a client sends to a service before QtHttpServer reads it.
// The input's first byte chooses the limits (small ones reach every refusal with short inputs)
// and how the stream is cut into reads; the rest is the stream. However the bytes arrive, and
// whether a body's bytes are scanned or skipped as ConnectionGuard skips them, the scanner must
// reach the same verdict at the same byte.
#include "fuzz_check.h"
#include "http/http_request_scanner.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

using kse::HttpRequestScanner;
using kse::fuzz::check;

namespace {

kse::HttpLimits limitsFor(std::uint8_t choice) {
    kse::HttpLimits limits;
    if (choice & 0x80)
        return limits;
    limits.maxRequestLineBytes = 64;
    limits.maxHeaderLineBytes = 48;
    limits.maxHeadBytes = 160;
    limits.maxHeaderFields = 4;
    limits.maxBodyBytes = 100;
    limits.maxChunkFramingBytes = 40;
    return limits;
}

struct Verdict {
    std::optional<HttpRequestScanner::Refusal> refusal;
    std::uint64_t scanned = 0, completed = 0, previousEnd = 0;
    bool inRequest = false, awaitsContinue = false;
};

Verdict verdictOf(const HttpRequestScanner& scanner, std::optional<HttpRequestScanner::Refusal> refusal) {
    return {std::move(refusal),    scanner.scanned(),   scanner.completed(),
            scanner.previousEnd(), scanner.inRequest(), scanner.awaitsContinue()};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const kse::HttpLimits limits = limitsFor(data[0]);
    const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);

    HttpRequestScanner whole(limits);
    const Verdict once = verdictOf(whole, whole.scan(stream));

    // The same stream in reads of 1 to 16 bytes, a body's bytes skipped when they are all body.
    HttpRequestScanner pieces(limits);
    std::optional<HttpRequestScanner::Refusal> refusal;
    std::uint32_t cut = data[0];
    for (std::size_t at = 0; at < stream.size() && !refusal;) {
        cut = cut * 1103515245u + 12345u;
        const std::size_t n = std::min<std::size_t>(1 + (cut >> 16) % 16, stream.size() - at);
        if (pieces.bodyBytesPending() >= static_cast<std::int64_t>(n))
            pieces.skipBody(static_cast<std::int64_t>(n));
        else
            refusal = pieces.scan(stream.substr(at, n));
        at += n;
    }
    const Verdict split = verdictOf(pieces, refusal);

    check(once.refusal.has_value() == split.refusal.has_value(), "a refusal does not depend on the reads");
    if (once.refusal) {
        check(once.refusal->status == split.refusal->status && once.refusal->message == split.refusal->message,
              "the same refusal however the bytes arrive");
        check(once.refusal->status >= 400 && once.refusal->status < 600 && !once.refusal->message.empty(),
              "a refusal is an error status with a reason");
    }
    check(once.scanned == split.scanned && once.completed == split.completed && once.previousEnd == split.previousEnd &&
              once.inRequest == split.inRequest && once.awaitsContinue == split.awaitsContinue,
          "the scanner ends in the same state however the bytes arrive");
    check(once.scanned <= stream.size() && once.previousEnd <= once.scanned, "it counts no byte it was not given");
    return 0;
}
