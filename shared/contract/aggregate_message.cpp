#include "contract/aggregate_message.h"

#include "codec/flat_json.h"
#include "codec/json_writer.h"
#include "domain/limits.h"
#include "domain/tick.h"

namespace kse {
namespace {

Result<Price> priceField(const FlatJson& f, std::string_view name) {
    const auto text = f.number(name);
    if (!text)
        return Result<Price>::failure("stock aggregate: " + std::string(name) + " must be a number");
    auto price = Price::parse(*text);
    if (!price)
        return Result<Price>::failure("stock aggregate: " + std::string(name) + ": " + price.error());
    if (auto bad = priceBoundError(price.value(), std::string(name).c_str()))
        return Result<Price>::failure("stock aggregate: " + *bad);
    return price;
}

} // namespace

void writeCandleFields(JsonWriter& writer, const Candle& candle) {
    writer.field("start", candle.start)
        .field("open", candle.open)
        .field("high", candle.high)
        .field("low", candle.low)
        .field("close", candle.close)
        .field("volume", candle.volume)
        .field("vwap", candle.vwap())
        .field("count", candle.count)
        .flag("final", candle.final);
}

std::string encodeAggregateMessage(std::string_view symbol, Interval interval, const Candle& candle) {
    JsonWriter writer;
    writer.field("symbol", symbol).field("interval", intervalName(interval));
    writeCandleFields(writer, candle);
    return writer.finish();
}

Result<AggregateMessage> decodeAggregateMessage(std::string_view json, std::int64_t referenceMs) {
    using R = Result<AggregateMessage>;
    std::string error;
    const auto f = FlatJson::parse(json, error);
    if (!f)
        return R::failure(error);
    AggregateMessage m;
    const auto symbol = f->string("symbol");
    if (!symbol)
        return R::failure("stock aggregate: symbol is required");
    if (auto bad = symbolError(*symbol))
        return R::failure("stock aggregate: " + *bad);
    m.symbol = *symbol;
    const auto interval = f->string("interval");
    const auto parsed = interval ? parseInterval(*interval) : std::nullopt;
    if (!parsed)
        return R::failure("stock aggregate: interval must be one of 1s, 1m, 5m, 1h");
    m.interval = *parsed;
    const auto start = f->integer("start");
    const auto volume = f->integer("volume");
    const auto count = f->integer("count");
    if (!start || *start < 0)
        return R::failure("stock aggregate: start must be a non-negative integer");
    // A candle from the future would stay the newest and freeze the symbol's price here.
    if (auto bad = eventTimeError(*start, referenceMs, "start"))
        return R::failure("stock aggregate: " + *bad);
    if (!volume || *volume < 0 || !count || *count < 0)
        return R::failure("stock aggregate: volume and count must be non-negative integers");
    Candle& c = m.candle;
    c.start = *start;
    c.volume = *volume;
    c.count = *count;
    const auto open = priceField(*f, "open"), high = priceField(*f, "high"), low = priceField(*f, "low"),
               close = priceField(*f, "close"), vwap = priceField(*f, "vwap");
    for (const auto* p : {&open, &high, &low, &close, &vwap})
        if (!*p)
            return R::failure(p->error());
    c.open = open.value();
    c.high = high.value();
    c.low = low.value();
    c.close = close.value();
    c.notional = static_cast<Int128>(vwap.value().ticks()) * c.volume;
    const auto* final = f->find("final");
    c.final = final && final->kind == FlatJson::Kind::Literal && final->text == "true";
    return R::success(std::move(m));
}

} // namespace kse
