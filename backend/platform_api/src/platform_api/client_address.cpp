#include "platform_api/client_address.h"

namespace kse {

std::string clientAddressKey(const QHostAddress& address) {
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4); // also unwraps ::ffff:a.b.c.d
    if (isV4) {
        std::string key(5, '4');
        for (std::size_t i = 0; i < 4; ++i)
            key[1 + i] = static_cast<char>((v4 >> (24 - 8 * i)) & 0xff);
        return key;
    }
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        const Q_IPV6ADDR v6 = address.toIPv6Address();
        std::string key(9, '6');
        for (int i = 0; i < 8; ++i)
            key[1 + static_cast<std::size_t>(i)] = static_cast<char>(v6[i]);
        return key;
    }
    return "?"; // no address (not a TCP peer): all such requests share one key
}

} // namespace kse
