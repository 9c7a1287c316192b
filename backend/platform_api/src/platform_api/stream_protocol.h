#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/price.h"
#include "domain/result.h"

#include <vector>

namespace kse {

// The messages of GET /api/v1/stream (a WebSocket), as pure functions: what a client may ask and
// the text of every message the platform sends. The protocol is documented in docs/stream.md.
namespace stream {

// A user's own channels, and the public ones of one symbol each.
enum class Channel { Orders, Fills, Portfolio, Candles, Top, Book };

std::string_view channelName(Channel channel);
bool isPrivate(Channel channel);

// One subscription: a private channel (of the connection's user) or a public channel and symbol.
struct Topic {
    Channel channel = Channel::Orders;
    std::string symbol; // empty for a private channel
    bool operator==(const Topic&) const = default;
    bool operator<(const Topic& other) const {
        return channel != other.channel ? channel < other.channel : symbol < other.symbol;
    }
};

// What a client asks: {"op":"subscribe"|"unsubscribe","channel":…,"symbol"?} or {"op":"ping"}.
struct Command {
    enum class Op { Subscribe, Unsubscribe, Ping } op = Op::Ping;
    Topic topic;
};

// Parses one text message of a client; the error says what is wrong with it.
Result<Command> parseCommand(std::string_view text);

// Where the hub files a topic: "orders/42" for user 42's orders, "book/AAPL" for a public one.
std::string hubKey(const Topic& topic, std::int64_t userId);
std::string userKey(Channel channel, std::int64_t userId);
std::string symbolKey(Channel channel, std::string_view symbol);

// The platform's messages. `json` arguments are JSON objects already encoded.
std::string welcome(std::string_view username, std::int64_t heartbeatMs, int maxSubscriptions);
std::string subscribed(const Topic& topic, bool on);
std::string error(std::string_view message);
std::string heartbeat(std::int64_t ts);
std::string pong();
std::string order(std::string_view orderJson);
std::string fill(std::string_view fillJson);
std::string portfolio(std::string_view portfolioJson);
std::string candle(std::string_view symbol, std::string_view candleFieldsJson);
// A symbol's book as the order processor answers it ({"symbol","bids","asks","seq"}, best first).
struct Level {
    Price price;
    std::int64_t qty = 0;
    bool operator==(const Level&) const = default;
};
struct Book {
    std::string symbol;
    std::vector<Level> bids, asks;
    std::int64_t seq = 0;
};
// Checks an order processor's answer: every price and quantity within bounds, at most
// `maxLevels` a side.
Result<Book> parseBook(std::string_view json, std::size_t maxLevels);
std::string book(const Book& book);
// The best bid and ask ("bid"/"ask": [price, qty], or null for an empty side).
std::string top(const Book& book);

} // namespace stream
} // namespace kse
