#include "chart/chart_series.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "domain/price.h"

namespace kse {
namespace {

using R = Result<std::vector<ChartCandle>>;

bool money(const QJsonObject& o, const char* name, std::int64_t& out) {
    const QJsonValue value = o.value(QLatin1String(name));
    if (!value.isDouble())
        return false;
    const auto price = Price::fromDouble(value.toDouble());
    if (!price)
        return false;
    out = price.value().ticks();
    return true;
}

bool whole(const QJsonObject& o, const char* name, std::int64_t& out) {
    const QJsonValue value = o.value(QLatin1String(name));
    if (!value.isDouble())
        return false;
    const double d = value.toDouble();
    out = value.toInteger(-1);
    return d >= 0 && static_cast<double>(out) == d;
}

} // namespace

Result<std::vector<ChartCandle>> parseCandles(const QJsonDocument& document) {
    if (!document.isArray()) // also what text that is no JSON at all gives
        return R::failure("the candles are not a JSON array");
    std::vector<ChartCandle> out;
    out.reserve(static_cast<std::size_t>(document.array().size()));
    for (const QJsonValue item : document.array()) {
        const QJsonObject o = item.toObject();
        ChartCandle c;
        if (!whole(o, "start", c.start) || !money(o, "open", c.open) || !money(o, "high", c.high) ||
            !money(o, "low", c.low) || !money(o, "close", c.close) || !whole(o, "volume", c.volume) ||
            !money(o, "vwap", c.vwap) || !whole(o, "count", c.count))
            return R::failure("candle " + std::to_string(out.size()) + " is malformed");
        c.final = o.value(QLatin1String("final")).toBool();
        if (!out.empty() && c.start <= out.back().start)
            return R::failure("candle " + std::to_string(out.size()) + " is not after the one before");
        out.push_back(c);
    }
    return R::success(std::move(out));
}

Result<std::vector<ChartCandle>> parseCandles(const QByteArray& json) { return parseCandles(QJsonDocument::fromJson(json)); }

std::int64_t intervalMs(const QString& interval) {
    if (interval == QLatin1String("1s"))
        return 1'000;
    if (interval == QLatin1String("1m"))
        return 60'000;
    if (interval == QLatin1String("5m"))
        return 300'000;
    if (interval == QLatin1String("1h"))
        return 3'600'000;
    return 0;
}

} // namespace kse
