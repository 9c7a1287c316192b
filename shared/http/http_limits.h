#pragma once

#include <cstdint>

namespace kse {

// What one HTTP connection may cost a service. QtHttpServer 6.4 has no limit of its own: it
// buffers a header line or a body of any size and keeps a silent connection open for ever, so
// every service's listening socket enforces these while the bytes arrive (LimitedTcpServer).
struct HttpLimits {
    std::int64_t maxRequestLineBytes = 8 * 1024; // 414 above
    std::int64_t maxHeaderLineBytes = 8 * 1024;  // 431 above; also bounds a chunk-size line
    std::int64_t maxHeadBytes = 32 * 1024;       // request line and header fields; 431 above
    int maxHeaderFields = 100;                   // 431 above
    std::int64_t maxBodyBytes = 1024 * 1024;     // 413 above, decided from Content-Length alone
    // A chunked body may spend this much on its framing (size lines, line ends) beyond its data.
    std::int64_t maxChunkFramingBytes = 64 * 1024;
    int requestTimeoutMs = 10'000;    // from a request's first byte to its last; 408 after
    int idleTimeoutMs = 30'000;       // a kept-alive connection with no request under way
    int maxConnections = 512;         // per listening socket
    int maxConnectionsPerClient = 64; // per client address, on one listening socket
    // A client that sends more requests while this much of earlier answers is still unread is
    // disconnected: it would make the service hold every answer. One largest answer (5,000
    // candles, about 750 KiB) fits; 512 connections can pin little more than 512 MiB.
    std::int64_t maxUnsentBytes = 1024 * 1024;
    // A WebSocket is aborted when, after reading from it, more than this is still unsent to it:
    // Qt answers each of its pings, whether it reads or not.
    std::int64_t maxUnsentWebSocketBytes = 8 * 1024 * 1024;
    // After a refusal the connection is drained for at most this long, so the client can read the
    // answer instead of losing it to a reset.
    int lingerMs = 2'000;

    // The most a request may occupy on the wire.
    std::int64_t maxRequestBytes() const { return maxHeadBytes + maxBodyBytes + maxChunkFramingBytes; }
};

} // namespace kse
