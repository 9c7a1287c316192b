#include <gtest/gtest.h>
#include <string>

using namespace std::string_literals;

#include "http/http_request_scanner.h"

namespace {

using kse::HttpLimits;
using kse::HttpRequestScanner;

const std::string kGet = "GET /api/v1/healthcheck HTTP/1.1\r\nHost: x\r\n\r\n";
const std::string kPost = "POST /api/v1/stock HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
const std::string kChunked = "POST /api/v1/stock HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                             "5\r\nhello\r\n7;name=value\r\n, world\r\n0\r\n\r\n";

// The status of the first refusal when `bytes` arrive in one piece, or 0.
int refusalOf(const std::string& bytes, HttpLimits limits = {}) {
    HttpRequestScanner scanner(limits);
    const auto refusal = scanner.scan(bytes);
    return refusal ? refusal->status : 0;
}

TEST(HttpRequestScanner, FramesARequestWithoutABody) {
    HttpRequestScanner scanner{HttpLimits{}};
    EXPECT_FALSE(scanner.inRequest());
    EXPECT_FALSE(scanner.scan(kGet));
    EXPECT_EQ(scanner.completed(), 1u);
    EXPECT_FALSE(scanner.inRequest());
    EXPECT_EQ(scanner.previousEnd(), kGet.size());
}

TEST(HttpRequestScanner, AnyReadBoundaryFramesTheSameRequests) {
    for (const std::string& request : {kGet, kPost, kChunked}) {
        for (std::size_t split = 0; split <= request.size(); ++split) {
            HttpRequestScanner scanner{HttpLimits{}};
            EXPECT_FALSE(scanner.scan(std::string_view(request).substr(0, split)));
            EXPECT_EQ(scanner.completed(), split == request.size() ? 1u : 0u) << request << " split at " << split;
            EXPECT_EQ(scanner.inRequest(), split > 0 && split < request.size());
            EXPECT_FALSE(scanner.scan(std::string_view(request).substr(split)));
            EXPECT_EQ(scanner.completed(), 1u) << request << " split at " << split;
            EXPECT_FALSE(scanner.inRequest());
        }
    }
}

TEST(HttpRequestScanner, OneByteAtATime) {
    HttpRequestScanner scanner{HttpLimits{}};
    const std::string stream = kChunked + kPost + kGet;
    for (char c : stream)
        ASSERT_FALSE(scanner.scan(std::string_view(&c, 1)));
    EXPECT_EQ(scanner.completed(), 3u);
    EXPECT_EQ(scanner.scanned(), stream.size());
}

TEST(HttpRequestScanner, PipelinedRequestsEndWhereEachEnds) {
    HttpRequestScanner scanner{HttpLimits{}};
    EXPECT_FALSE(scanner.scan(kPost + kGet + kChunked + "GET / HTTP/1.1\r\n"));
    EXPECT_EQ(scanner.completed(), 3u);
    EXPECT_EQ(scanner.previousEnd(), kPost.size() + kGet.size() + kChunked.size());
    EXPECT_TRUE(scanner.inRequest()); // the fourth has begun
}

TEST(HttpRequestScanner, ReadsWhatQtReads) {
    // Line ends of LF alone, and blank lines before a request line, as qhttpserverrequest.cpp reads them.
    HttpRequestScanner scanner{HttpLimits{}};
    EXPECT_FALSE(scanner.scan("\r\n\r\nGET / HTTP/1.0\nHost: x\n\nPOST / HTTP/1.1\nContent-Length: 2\n\nok"));
    EXPECT_EQ(scanner.completed(), 2u);
    // A Content-Length of 0 means no body.
    EXPECT_FALSE(scanner.scan("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"));
    EXPECT_EQ(scanner.completed(), 3u);
}

TEST(HttpRequestScanner, ContentLengthBodyCanBeSkippedUnread) {
    HttpRequestScanner scanner{HttpLimits{}};
    EXPECT_FALSE(scanner.scan("POST / HTTP/1.1\r\nContent-Length: 1000\r\n\r\n"));
    EXPECT_EQ(scanner.bodyBytesPending(), 1000);
    scanner.skipBody(600);
    EXPECT_EQ(scanner.bodyBytesPending(), 400);
    EXPECT_TRUE(scanner.inRequest());
    scanner.skipBody(400);
    EXPECT_EQ(scanner.completed(), 1u);
    EXPECT_EQ(scanner.bodyBytesPending(), 0);
}

TEST(HttpRequestScanner, RefusesAnOversizedBodyFromItsLengthAlone) {
    HttpRequestScanner scanner{HttpLimits{}};
    const auto refusal = scanner.scan("POST / HTTP/1.1\r\nContent-Length: 134217728\r\n\r\n");
    ASSERT_TRUE(refusal);
    EXPECT_EQ(refusal->status, 413);
    EXPECT_NE(refusal->message.find("larger than 1048576 bytes"), std::string::npos);
    EXPECT_EQ(refusalOf("POST / HTTP/1.1\r\nContent-Length: 1048576\r\n\r\n"), 0); // exactly the limit
    EXPECT_EQ(refusalOf("POST / HTTP/1.1\r\nContent-Length: 1048577\r\n\r\n"), 413);
}

TEST(HttpRequestScanner, CountsAChunkedBodyAsItArrives) {
    HttpLimits limits;
    limits.maxBodyBytes = 10;
    EXPECT_EQ(
        refusalOf("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n", limits),
        0);
    // The third chunk would take the body past 10 bytes: refused at its size line, before its data.
    HttpRequestScanner scanner(limits);
    const auto refusal =
        scanner.scan("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nworld\r\n1\r\n");
    ASSERT_TRUE(refusal);
    EXPECT_EQ(refusal->status, 413);
    EXPECT_EQ(refusalOf("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFFFFFF\r\n", limits),
              413);
    // Many tiny chunks: the framing is bounded too.
    limits.maxBodyBytes = 1'000;
    limits.maxChunkFramingBytes = 50;
    std::string tiny = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 20; ++i)
        tiny += "1\r\nx\r\n";
    EXPECT_EQ(refusalOf(tiny, limits), 413);
}

TEST(HttpRequestScanner, RefusesChunkFramingQtWouldMisread) {
    const std::string head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    EXPECT_EQ(refusalOf(head + "5\nhello\r\n0\r\n\r\n"), 400);       // a size line without CR
    EXPECT_EQ(refusalOf(head + "5\r\nhelloXY0\r\n\r\n"), 400);       // data not followed by CRLF
    EXPECT_EQ(refusalOf(head + "0\r\nExpires: never\r\n\r\n"), 400); // trailer fields
    EXPECT_EQ(refusalOf(head + "-5\r\n"), 400);                      // not hexadecimal
    EXPECT_EQ(refusalOf(head + "5 junk\r\n"), 400);
    EXPECT_EQ(refusalOf(head + "5 ; ext=1\r\nhello\r\n0\r\n\r\n"), 0); // an extension is fine
}

TEST(HttpRequestScanner, RefusesALongRequestLineBeforeItEnds) {
    HttpRequestScanner scanner{HttpLimits{}};
    EXPECT_FALSE(scanner.scan("GET /" + std::string(8 * 1024 - 5, 'a')));
    const auto refusal = scanner.scan("a"); // byte 8193, no line end in sight
    ASSERT_TRUE(refusal);
    EXPECT_EQ(refusal->status, 414);
    EXPECT_FALSE(scanner.scan("more")); // nothing more after a refusal
}

TEST(HttpRequestScanner, RefusesLargeHeadsWithoutWaitingForTheirEnd) {
    HttpRequestScanner scanner{HttpLimits{}};
    const auto refusal = scanner.scan("GET / HTTP/1.1\r\nX-Big: " + std::string(64 * 1024, 'a'));
    ASSERT_TRUE(refusal);
    EXPECT_EQ(refusal->status, 431);
    EXPECT_LE(scanner.scanned(), 16u + 8 * 1024 + 2); // stopped at the line's limit, not its end

    std::string manyLines = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 10; ++i)
        manyLines += "X-Field-" + std::to_string(i) + ": " + std::string(4'000, 'b') + "\r\n";
    EXPECT_EQ(refusalOf(manyLines), 431); // 40 KB of head in lines of 4 KB

    std::string manyFields = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 101; ++i)
        manyFields += "X-" + std::to_string(i) + ": 1\r\n";
    EXPECT_EQ(refusalOf(manyFields + "\r\n"), 431);
    std::string hundred = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 100; ++i)
        hundred += "X-" + std::to_string(i) + ": 1\r\n";
    EXPECT_EQ(refusalOf(hundred + "\r\n"), 0);
}

TEST(HttpRequestScanner, RefusesAmbiguousFraming) {
    EXPECT_EQ(refusalOf("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"), 400);
    EXPECT_EQ(refusalOf("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello"), 0);
    EXPECT_EQ(refusalOf("POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n"), 400);
    EXPECT_EQ(refusalOf("POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n"), 400);
    EXPECT_EQ(refusalOf("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
    EXPECT_EQ(refusalOf("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
    EXPECT_EQ(refusalOf("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"), 501);
    EXPECT_EQ(refusalOf("GET / HTTP/1.1\r\nX-Folded: a\r\n  b\r\n\r\n"), 400);
    EXPECT_EQ(refusalOf("GET / HTTP/1.1\r\nNo colon here\r\n\r\n"), 400);
    EXPECT_EQ(refusalOf("GET / HTTP/1.1\r\nSpace : before colon\r\n\r\n"), 400);
    EXPECT_EQ(refusalOf("GET / HTTP/1.1\r\nX: a\0b\r\n\r\n"s), 400);
}

TEST(HttpRequestScanner, RefusesMalformedRequestLines) {
    EXPECT_EQ(refusalOf("GARBAGE\r\n\r\n"), 400);
    EXPECT_EQ(refusalOf("GET /\r\n\r\n"), 400);
    EXPECT_EQ(refusalOf("GET  / HTTP/1.1\r\n\r\n"), 400);
    EXPECT_EQ(refusalOf("GET / FTP/1.1\r\n\r\n"), 400);
    EXPECT_EQ(refusalOf("GET / HTTP/2.0\r\n\r\n"), 505);
    EXPECT_EQ(refusalOf(std::string(9 * 1024, '\n')), 400); // endless blank lines
}

TEST(HttpRequestScanner, ExpectContinueWaitsForTheBody) {
    HttpRequestScanner scanner{HttpLimits{}};
    EXPECT_FALSE(scanner.scan("POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 5\r\n\r\n"));
    EXPECT_TRUE(scanner.awaitsContinue());
    EXPECT_FALSE(scanner.scan("he"));
    EXPECT_FALSE(scanner.awaitsContinue()); // the body has begun
    EXPECT_FALSE(scanner.scan("llo"));
    EXPECT_EQ(scanner.completed(), 1u);
    EXPECT_EQ(refusalOf("POST / HTTP/1.1\r\nExpect: the-unexpected\r\n\r\n"), 417);
    // Nothing to continue without a body.
    HttpRequestScanner bodiless{HttpLimits{}};
    EXPECT_FALSE(bodiless.scan("GET / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n"));
    EXPECT_FALSE(bodiless.awaitsContinue());
}

} // namespace
