#include "chart/chart_series.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "contract/answer_object.h"
#include "domain/interval.h"

namespace kse {

Result<std::vector<ChartCandle>> parseCandles(const QJsonDocument& document) {
    using R = Result<std::vector<ChartCandle>>;
    if (!document.isArray()) // also what text that is no JSON at all gives
        return R::failure("the candles are not a JSON array");
    std::vector<ChartCandle> out;
    out.reserve(static_cast<std::size_t>(document.array().size()));
    for (const QJsonValue& item : document.array()) {
        AnswerObject o(item.toObject());
        ChartCandle c;
        c.start = o.whole("start");
        c.open = o.money("open");
        c.high = o.money("high");
        c.low = o.money("low");
        c.close = o.money("close");
        c.volume = o.whole("volume");
        c.vwap = o.money("vwap");
        c.count = o.whole("count");
        c.final = item.toObject().value(QLatin1String("final")).toBool();
        if (!o.ok())
            return R::failure("candle " + std::to_string(out.size()) + ": " + *o.error());
        if (!out.empty() && c.start <= out.back().start)
            return R::failure("candle " + std::to_string(out.size()) + " is not after the one before");
        out.push_back(c);
    }
    return R::success(std::move(out));
}

Result<std::vector<ChartCandle>> parseCandles(const QByteArray& json) { return parseCandles(QJsonDocument::fromJson(json)); }

std::int64_t intervalMs(const QString& interval) {
    const auto parsed = parseInterval(interval.toStdString());
    return parsed ? durationMs(*parsed) : 0;
}

} // namespace kse
