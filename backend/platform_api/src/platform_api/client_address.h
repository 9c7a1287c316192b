#pragma once

#include <QHostAddress>
#include <string>

namespace kse {

// The key under which a client's requests are counted (rate limits, login failures): its IPv4
// address (also when it arrives IPv4-mapped on a dual-stack socket), or the /64 network of an
// IPv6 address, since anyone with one IPv6 address usually holds the whole /64. At most 9 bytes.
//
// It is the TCP peer (QHttpServerRequest::remoteAddress): behind a reverse proxy every client
// shares the proxy's address, and no forwarding header is trusted, since a client can write any.
std::string clientAddressKey(const QHostAddress& address);

} // namespace kse
