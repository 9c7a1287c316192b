#include "codec/tick_codec.h"

#include <cmath>

#include "codec/json_writer.h"

namespace kse {
namespace {

constexpr double kMaxExactInteger = 9007199254740992.0; // 2^53

// JSON has one number type; an integer field must hold a whole number a double can carry exactly.
bool toInteger(const QJsonValue& value, std::int64_t& out) {
    if (!value.isDouble())
        return false;
    const double d = value.toDouble();
    if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > kMaxExactInteger)
        return false;
    out = static_cast<std::int64_t>(d);
    return true;
}

} // namespace

Result<Tick> decodeTick(const QJsonValue& json, std::int64_t nowMs) {
    using R = Result<Tick>;
    if (!json.isObject())
        return R::failure("a stock must be a JSON object");
    const QJsonObject object = json.toObject();
    Tick tick;

    const QJsonValue name = object.value(QLatin1String("name"));
    if (!name.isUndefined() && !name.isNull() && !name.isString())
        return R::failure("name must be a string");
    tick.symbol = name.toString().toStdString();

    const QJsonValue id = object.value(QLatin1String("id"));
    if (!id.isUndefined() && !id.isNull() && !toInteger(id, tick.id))
        return R::failure("id must be an integer");

    const QJsonValue price = object.value(QLatin1String("price"));
    if (price.isUndefined() || price.isNull())
        return R::failure("Price is required");
    if (!price.isDouble())
        return R::failure("Price must be a non-negative number");
    auto parsed = Price::fromDouble(price.toDouble());
    if (!parsed) {
        if (price.toDouble() < 0)
            return R::failure("Price must be a non-negative number");
        std::string message = parsed.error(); // "price must have at most 4 decimals"
        message.front() = 'P';                // read as a sentence, like the original's messages
        return R::failure(message);
    }
    tick.price = parsed.value();

    const QJsonValue volume = object.value(QLatin1String("volume"));
    if (!volume.isUndefined() && !volume.isNull()) {
        std::int64_t v = 0;
        if (!toInteger(volume, v) || v < 0)
            return R::failure("Volume must be a non-negative integer");
        tick.volume = v;
    }

    const QJsonValue ts = object.value(QLatin1String("ts"));
    tick.ts = nowMs;
    if (!ts.isUndefined() && !ts.isNull() && (!toInteger(ts, tick.ts) || tick.ts < 0))
        return R::failure("ts must be milliseconds since the epoch");

    if (auto error = tickError(tick))
        return R::failure(*error);
    return R::success(std::move(tick));
}

QByteArray encodeTick(const Tick& tick) {
    JsonWriter writer;
    writer.field("id", tick.id)
        .field("name", QByteArrayView(tick.symbol.data(), static_cast<qsizetype>(tick.symbol.size())))
        .field("price", tick.price);
    if (tick.volume)
        writer.field("volume", *tick.volume);
    writer.field("ts", tick.ts);
    return writer.finish();
}

} // namespace kse
