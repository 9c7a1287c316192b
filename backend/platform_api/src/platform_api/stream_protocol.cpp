#include "platform_api/stream_protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <array>

#include "codec/flat_json.h"
#include "codec/json_writer.h"
#include "contract/answer_object.h"
#include "domain/limits.h"
#include "domain/tick.h"

namespace kse::stream {
namespace {

constexpr std::array kChannels{Channel::Orders,  Channel::Fills, Channel::Portfolio,
                               Channel::Candles, Channel::Top,   Channel::Book};

std::optional<Channel> channelOf(std::string_view name) {
    for (Channel c : kChannels)
        if (channelName(c) == name)
            return c;
    return std::nullopt;
}

std::string wrapped(std::string_view type, std::string_view member, std::string_view json) {
    std::string out = JsonWriter().field("type", type).finish();
    out.pop_back();
    out += ",\"";
    out += member;
    out += "\":";
    out += json;
    out += '}';
    return out;
}

std::string levels(const std::vector<Level>& side) {
    std::string out = "[";
    for (const Level& l : side) {
        if (out.size() > 1)
            out += ',';
        out += '[' + l.price.toString() + ',' + std::to_string(l.qty) + ']';
    }
    return out + ']';
}

std::string level(const std::vector<Level>& side) {
    if (side.empty())
        return "null";
    return '[' + side.front().price.toString() + ',' + std::to_string(side.front().qty) + ']';
}

// [[price, qty], …] read as the desktop reads a book (AnswerObject: money exact to four
// decimals, whole quantities), then held to the exchange's bounds.
std::optional<std::vector<Level>> readSide(const QJsonValue& value, std::size_t maxLevels, std::string& error,
                                           const char* name) {
    if (!value.isArray()) {
        error = std::string(name) + " must be an array";
        return std::nullopt;
    }
    const QJsonArray array = value.toArray();
    if (static_cast<std::size_t>(array.size()) > maxLevels) {
        error = std::string(name) + " has more than " + std::to_string(maxLevels) + " levels";
        return std::nullopt;
    }
    std::vector<Level> side;
    for (const QJsonValue entry : array) {
        const QJsonArray pair = entry.toArray();
        if (pair.size() != 2) {
            error = std::string(name) + ": a level is [price, qty]";
            return std::nullopt;
        }
        AnswerObject fields({{QStringLiteral("price"), pair.at(0)}, {QStringLiteral("qty"), pair.at(1)}});
        const Price price = Price::fromTicks(fields.money("price"));
        const std::int64_t qty = fields.whole("qty");
        if (!fields.ok() || priceBoundError(price) || quantityError(qty)) {
            error = std::string(name) + ": a level's price or qty is out of bounds";
            return std::nullopt;
        }
        side.push_back({price, qty});
    }
    return side;
}

} // namespace

std::string_view channelName(Channel channel) {
    switch (channel) {
    case Channel::Orders: return "orders";
    case Channel::Fills: return "fills";
    case Channel::Portfolio: return "portfolio";
    case Channel::Candles: return "candles";
    case Channel::Top: return "top";
    case Channel::Book: return "book";
    }
    return "?";
}

bool isPrivate(Channel channel) {
    return channel == Channel::Orders || channel == Channel::Fills || channel == Channel::Portfolio;
}

Result<Command> parseCommand(std::string_view text) {
    std::string error;
    const auto json = FlatJson::parse(text, error);
    if (!json)
        return Result<Command>::failure("not a JSON object: " + error);
    const auto op = json->string("op");
    if (!op)
        return Result<Command>::failure("op is required: subscribe, unsubscribe or ping");
    Command command;
    if (*op == "ping")
        return Result<Command>::success(command);
    if (*op == "subscribe")
        command.op = Command::Op::Subscribe;
    else if (*op == "unsubscribe")
        command.op = Command::Op::Unsubscribe;
    else
        return Result<Command>::failure("unknown op: give subscribe, unsubscribe or ping");
    const auto name = json->string("channel");
    const auto channel = name ? channelOf(*name) : std::nullopt;
    if (!channel)
        return Result<Command>::failure("channel must be one of orders, fills, portfolio, candles, top, book");
    command.topic.channel = *channel;
    const auto symbol = json->string("symbol");
    if (isPrivate(*channel)) {
        if (json->has("symbol"))
            return Result<Command>::failure(std::string(channelName(*channel)) + " takes no symbol: it is your own");
        return Result<Command>::success(command);
    }
    if (!symbol)
        return Result<Command>::failure(std::string(channelName(*channel)) + " needs a symbol");
    if (auto bad = symbolError(*symbol))
        return Result<Command>::failure("symbol: " + *bad);
    command.topic.symbol = *symbol;
    return Result<Command>::success(command);
}

std::string hubKey(const Topic& topic, std::int64_t userId) {
    return isPrivate(topic.channel) ? userKey(topic.channel, userId) : symbolKey(topic.channel, topic.symbol);
}

std::string userKey(Channel channel, std::int64_t userId) {
    return std::string(channelName(channel)) + '/' + std::to_string(userId);
}

std::string symbolKey(Channel channel, std::string_view symbol) {
    return std::string(channelName(channel)) + '/' + std::string(symbol);
}

std::string welcome(std::string_view username, std::int64_t heartbeatMs, int maxSubscriptions) {
    return JsonWriter()
        .field("type", "welcome")
        .field("username", username)
        .field("heartbeat_ms", heartbeatMs)
        .field("max_subscriptions", maxSubscriptions)
        .finish();
}

std::string subscribed(const Topic& topic, bool on) {
    JsonWriter writer;
    writer.field("type", on ? "subscribed" : "unsubscribed").field("channel", channelName(topic.channel));
    if (!topic.symbol.empty())
        writer.field("symbol", topic.symbol);
    return writer.finish();
}

std::string error(std::string_view message) {
    return JsonWriter().field("type", "error").field("error", message).finish();
}

std::string heartbeat(std::int64_t ts) { return JsonWriter().field("type", "heartbeat").field("ts", ts).finish(); }

std::string pong() { return JsonWriter().field("type", "pong").finish(); }

std::string order(std::string_view orderJson) { return wrapped("order", "order", orderJson); }

std::string fill(std::string_view fillJson) { return wrapped("fill", "fill", fillJson); }

std::string portfolio(std::string_view portfolioJson) { return wrapped("portfolio", "portfolio", portfolioJson); }

std::string candle(std::string_view symbol, std::string_view candleFieldsJson) {
    std::string out = JsonWriter().field("type", "candle").field("symbol", symbol).finish();
    out.pop_back();
    return out + ",\"candle\":" + std::string(candleFieldsJson) + '}';
}

Result<Book> parseBook(std::string_view json, std::size_t maxLevels) {
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromRawData(json.data(), static_cast<qsizetype>(json.size())));
    if (!document.isObject())
        return Result<Book>::failure("a book is a JSON object");
    const QJsonObject object = document.object();
    Book out;
    out.symbol = object.value(QStringLiteral("symbol")).toString().toStdString();
    if (auto bad = symbolError(out.symbol))
        return Result<Book>::failure("symbol: " + *bad);
    AnswerObject fields(object);
    out.seq = fields.whole("seq");
    if (!fields.ok())
        return Result<Book>::failure(*fields.error());
    std::string error;
    auto bids = readSide(object.value(QStringLiteral("bids")), maxLevels, error, "bids");
    auto asks = bids ? readSide(object.value(QStringLiteral("asks")), maxLevels, error, "asks") : std::nullopt;
    if (!bids || !asks)
        return Result<Book>::failure(error);
    out.bids = std::move(*bids);
    out.asks = std::move(*asks);
    return Result<Book>::success(std::move(out));
}

std::string book(const Book& b) {
    std::string out = JsonWriter().field("type", "book").field("symbol", b.symbol).finish();
    out.pop_back();
    return out + ",\"bids\":" + levels(b.bids) + ",\"asks\":" + levels(b.asks) + ",\"seq\":" + std::to_string(b.seq) +
           '}';
}

std::string top(const Book& b) {
    std::string out = JsonWriter().field("type", "top").field("symbol", b.symbol).finish();
    out.pop_back();
    return out + ",\"bid\":" + level(b.bids) + ",\"ask\":" + level(b.asks) + ",\"seq\":" + std::to_string(b.seq) + '}';
}

} // namespace kse::stream
