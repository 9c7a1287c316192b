#include "contract/price_event.h"

#include <charconv>

#include "codec/json_cursor.h"
#include "contract/tick_codec.h"
#include "domain/limits.h"
#include "domain/tick.h"

namespace kse {
namespace {

bool looksLikeBareDecimal(std::string_view value) {
    return !value.empty() && ((value.front() >= '0' && value.front() <= '9') || value.front() == '-');
}

bool readInteger(std::string_view text, std::int64_t& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

} // namespace

Result<PriceEvent> decodeIngress(std::string_view key, std::string_view value, std::int64_t referenceMs) {
    using R = Result<PriceEvent>;
    if (looksLikeBareDecimal(value)) {
        if (auto error = symbolError(key))
            return R::failure("original-format tick: key: " + *error);
        auto price = Price::parse(value);
        if (!price)
            return R::failure("original-format tick: " + price.error());
        if (auto error = priceBoundError(price.value()))
            return R::failure("original-format tick: " + *error);
        return R::success(PriceEvent{std::string(key), price.value(), 0, referenceMs});
    }
    auto tick = decodeTick(value, referenceMs);
    if (!tick)
        return R::failure(tick.error());
    Tick& t = tick.value();
    return R::success(PriceEvent{std::move(t.symbol), t.price, t.volume.value_or(0), t.ts});
}

Result<PriceEvent> decodeTrade(std::string_view value, std::int64_t referenceMs) {
    using R = Result<PriceEvent>;
    JsonCursor cursor(value);
    std::string_view symbol, price, qty, ts, key;
    std::string symbolScratch, keyScratch, scratch;
    if (!cursor.expect('{', "'{'"))
        return R::failure(cursor.error());
    if (!cursor.consume('}')) {
        do {
            if (!cursor.readString(key, keyScratch) || !cursor.expect(':', "':'"))
                return R::failure(cursor.error());
            cursor.skipSpace();
            const bool isString = cursor.peek() == '"';
            const bool isNumber = cursor.peek() == '-' || (cursor.peek() >= '0' && cursor.peek() <= '9');
            bool ok = true;
            if (key == "symbol" && isString)
                ok = cursor.readString(symbol, symbolScratch);
            else if ((key == "price" || key == "qty" || key == "ts") && isNumber)
                ok = cursor.readNumber(key == "price" ? price : key == "qty" ? qty : ts);
            else
                ok = cursor.skipValue();
            if (!ok)
                return R::failure(cursor.error());
        } while (cursor.consume(','));
        if (!cursor.expect('}', "',' or '}'"))
            return R::failure(cursor.error());
    }
    if (!cursor.expectEnd())
        return R::failure(cursor.error());
    if (auto error = symbolError(symbol))
        return R::failure("trade: symbol: " + *error);
    auto parsed = Price::parse(price);
    if (!parsed)
        return R::failure("trade: " + parsed.error());
    if (auto error = priceBoundError(parsed.value()))
        return R::failure("trade: " + *error);
    PriceEvent event{std::string(symbol), parsed.value(), 0, 0};
    if (!readInteger(qty, event.qty) || quantityError(event.qty))
        return R::failure("trade: qty must be a whole number from 1 to 10000000");
    if (!readInteger(ts, event.ts) || event.ts < 0)
        return R::failure("trade: ts must be milliseconds since the epoch");
    event.ts = clampEventTime(event.ts, referenceMs); // a trade happened: counted, at most at the window's end
    return R::success(std::move(event));
}

} // namespace kse
