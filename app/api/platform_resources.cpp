#include "api/platform_resources.h"

#include "contract/answer_object.h"
#include "domain/price.h"
#include "style/terminal_style.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <string>

namespace kse {
namespace {

// The answer's JSON, which must be of the kind `wanted` (an array or an object).
std::optional<std::string> shapeError(const QJsonDocument& document, bool array, const char* what) {
    if (array ? document.isArray() : document.isObject())
        return std::nullopt;
    return std::string(what) + (array ? " are not a JSON array" : " is not a JSON object");
}

// An AnswerObject that also reads the words of the order vocabulary, in the contract's spelling.
class ResourceFields : public AnswerObject {
public:
    using AnswerObject::AnswerObject;

    template <typename E> E word(const char* name, std::optional<E> (*parse)(std::string_view)) {
        const QString spelled = text(name);
        if (spelled.isEmpty())
            return E{};
        const auto value = parse(spelled.toStdString());
        if (!value && !m_wordError) // a hostile answer's text is cut short in the message
            m_wordError = std::string(name) + ": unknown value '" + spelled.left(32).toStdString() + "'";
        return value.value_or(E{});
    }

    // The first bad field, or nothing.
    std::optional<std::string> firstError() const { return ok() ? m_wordError : error(); }

private:
    std::optional<std::string> m_wordError;
};

// A JSON array of objects, each decoded by `one`; a refusal names the item ("order 3: …").
template <typename Row, typename One>
Result<std::vector<Row>> decodeList(const QByteArray& json, const char* plural, const char* singular, One one) {
    using R = Result<std::vector<Row>>;
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (auto error = shapeError(document, true, plural))
        return R::failure(*error);
    std::vector<Row> out;
    out.reserve(static_cast<std::size_t>(document.array().size()));
    for (const QJsonValue item : document.array()) {
        ResourceFields fields(item.toObject());
        Row row = one(fields, item.toObject());
        if (auto error = fields.firstError())
            return R::failure(std::string(singular) + " " + std::to_string(out.size()) + ": " + *error);
        out.push_back(std::move(row));
    }
    return R::success(std::move(out));
}

// [[price, quantity], …], best first; the first malformed level named.
std::optional<std::string> decodeLevels(const QJsonValue& value, const char* side,
                                        std::vector<std::pair<std::int64_t, std::int64_t>>& out) {
    if (!value.isArray())
        return std::string(side) + ": must be an array";
    for (const QJsonValue level : value.toArray()) {
        const QJsonArray pair = level.toArray();
        const std::string where = std::string(side) + " level " + std::to_string(out.size());
        if (pair.size() != 2)
            return where + ": must be [price, qty]";
        AnswerObject fields({{QStringLiteral("price"), pair.at(0)}, {QStringLiteral("qty"), pair.at(1)}});
        const std::int64_t price = fields.money("price"), qty = fields.whole("qty");
        if (!fields.ok())
            return where + ": " + *fields.error();
        out.emplace_back(price, qty);
    }
    return std::nullopt;
}

double fromTicks(std::int64_t ticks) { return static_cast<double>(ticks) / Price::kScale; }

// The one text field of an answer that says what happened.
Result<QString> decodeText(const QByteArray& json, const char* name) {
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (auto error = shapeError(document, false, "the answer"))
        return Result<QString>::failure(*error);
    AnswerObject o(document.object());
    const QString text = o.text(name);
    if (!o.ok())
        return Result<QString>::failure("the answer's " + *o.error());
    return Result<QString>::success(text);
}

} // namespace

bool OrderRow::open() const {
    return status == OrderStatus::Pending || status == OrderStatus::Accepted || status == OrderStatus::PartiallyFilled;
}

double StockQuote::changePercent() const {
    const std::int64_t base = previousClose.value_or(open);
    return base == 0 ? 0.0 : 100.0 * static_cast<double>(change()) / static_cast<double>(base);
}

Result<std::vector<OrderRow>> decodeOrders(const QByteArray& json) {
    return decodeList<OrderRow>(json, "the orders", "order", [](ResourceFields& o, const QJsonObject&) {
        OrderRow r;
        r.id = o.text("order_id");
        r.symbol = o.text("symbol");
        r.side = o.word("side", parseSide);
        r.type = o.word("order_type", parseOrderType);
        r.tif = o.word("tif", parseTimeInForce);
        r.status = o.word("status", parseStatus);
        r.reason = o.optionalText("reason");
        r.qty = o.whole("qty");
        r.price = o.optionalMoney("price").value_or(0); // market orders have none
        r.protection = o.optionalMoney("protection").value_or(0);
        r.filled = o.whole("filled_qty");
        r.avgPrice = o.money("avg_price");
        r.created = o.whole("created");
        return r;
    });
}

Result<std::vector<FillRow>> decodeFills(const QByteArray& json) {
    return decodeList<FillRow>(json, "the fills", "fill", [](ResourceFields& o, const QJsonObject&) {
        FillRow f;
        f.tradeId = o.text("trade_id");
        f.orderId = o.text("order_id");
        f.symbol = o.text("symbol");
        f.side = o.word("side", parseSide);
        f.price = o.money("price");
        f.qty = o.whole("qty");
        f.ts = o.whole("ts");
        return f;
    });
}

Result<Portfolio> decodePortfolio(const QByteArray& json) {
    using R = Result<Portfolio>;
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (auto error = shapeError(document, false, "the portfolio"))
        return R::failure(*error);
    AnswerObject o(document.object());
    Portfolio p;
    p.cash = o.signedMoney("cash");
    p.reserved = o.money("reserved");
    p.available = o.signedMoney("available");
    p.realized = o.signedMoney("realized_pnl");
    p.unrealized = o.signedMoney("unrealized_pnl");
    if (!o.ok())
        return R::failure("the portfolio's " + *o.error());
    const QJsonValue positions = document.object().value(QLatin1String("positions"));
    if (!positions.isArray())
        return R::failure("the portfolio's positions: must be an array");
    for (const QJsonValue item : positions.toArray()) {
        AnswerObject q(item.toObject());
        Portfolio::Position position{q.text("symbol"),
                                     q.whole("qty"),
                                     q.whole("reserved"),
                                     q.money("avg_cost"),
                                     q.money("last_price"),
                                     q.signedMoney("market_value"),
                                     q.signedMoney("unrealized_pnl")};
        if (!q.ok())
            return R::failure("position " + std::to_string(p.positions.size()) + ": " + *q.error());
        p.positions.push_back(std::move(position));
    }
    return R::success(std::move(p));
}

Result<BookDepth> decodeBook(const QByteArray& json) {
    using R = Result<BookDepth>;
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (auto error = shapeError(document, false, "the order book"))
        return R::failure(*error);
    const QJsonObject object = document.object();
    AnswerObject o(object);
    BookDepth book;
    book.symbol = o.text("symbol");
    book.seq = o.whole("seq");
    if (!o.ok())
        return R::failure("the order book's " + *o.error());
    for (auto [side, levels] : {std::pair{"bids", &book.bids}, std::pair{"asks", &book.asks}})
        if (auto error = decodeLevels(object.value(QLatin1String(side)), side, *levels))
            return R::failure("the order book's " + *error);
    return R::success(std::move(book));
}

Result<TopOfBook> decodeTop(const QByteArray& json) {
    using R = Result<TopOfBook>;
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (auto error = shapeError(document, false, "the top of the book"))
        return R::failure(*error);
    const QJsonObject object = document.object();
    AnswerObject o(object);
    TopOfBook top;
    top.symbol = o.text("symbol");
    top.seq = o.whole("seq");
    if (!o.ok())
        return R::failure("the top of the book's " + *o.error());
    for (auto [side, best] : {std::pair{"bid", &top.bid}, std::pair{"ask", &top.ask}}) {
        const QJsonValue value = object.value(QLatin1String(side));
        if (value.isNull() || value.isUndefined())
            continue; // that side is empty
        std::vector<std::pair<std::int64_t, std::int64_t>> level;
        if (auto error = decodeLevels(QJsonArray{value}, side, level))
            return R::failure("the top of the book's " + *error);
        *best = level.front();
    }
    if (top.bid && top.ask && top.bid->first >= top.ask->first)
        return R::failure("the top of the book is crossed");
    return R::success(std::move(top));
}

Result<std::vector<StockQuote>> decodeQuotes(const QByteArray& json) {
    return decodeList<StockQuote>(json, "the stocks", "stock", [](ResourceFields& o, const QJsonObject&) {
        StockQuote q;
        q.symbol = o.text("symbol");
        q.last = o.money("price");
        q.open = o.money("open");
        q.high = o.money("high");
        q.low = o.money("low");
        q.previousClose = q.last - o.signedMoney("change");
        q.volume = o.whole("volume");
        q.updated = o.whole("updated");
        return q;
    });
}

Result<std::vector<ChartCandle>> decodeCandles(const QByteArray& json) {
    using R = Result<std::vector<ChartCandle>>;
    auto candles =
        decodeList<ChartCandle>(json, "the candles", "candle", [](ResourceFields& o, const QJsonObject& item) {
            ChartCandle c;
            c.start = o.whole("start");
            c.open = o.money("open");
            c.high = o.money("high");
            c.low = o.money("low");
            c.close = o.money("close");
            c.volume = o.whole("volume");
            c.vwap = o.money("vwap");
            c.count = o.whole("count");
            c.final = item.value(QLatin1String("final")).toBool();
            return c;
        });
    if (!candles)
        return candles;
    const std::vector<ChartCandle>& out = candles.value();
    for (std::size_t i = 1; i < out.size(); ++i)
        if (out[i].start <= out[i - 1].start)
            return R::failure("candle " + std::to_string(i) + " is not after the one before");
    return candles;
}

Result<PlatformConfig> decodeConfig(const QByteArray& json) {
    using R = Result<PlatformConfig>;
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (auto error = shapeError(document, false, "the configuration"))
        return R::failure(*error);
    AnswerObject kafka(document.object().value(QLatin1String("kafka")).toObject());
    PlatformConfig config;
    config.brokers = kafka.text("brokers");
    if (!kafka.ok())
        return R::failure("the configuration's kafka." + *kafka.error());
    // An extension of the contract (docs/http-api.md): absent, there is nothing to monitor.
    const QJsonObject services = document.object().value(QLatin1String("services")).toObject();
    AnswerObject urls(services);
    for (auto it = services.begin(); it != services.end(); ++it)
        config.services.insert(it.key(), urls.text(it.key().toUtf8().constData()));
    if (!urls.ok())
        return R::failure("the configuration's services." + *urls.error());
    const QJsonObject orders = document.object().value(QLatin1String("orders")).toObject();
    if (orders.contains(QLatin1String("market_protection_bps"))) {
        AnswerObject rules(orders);
        const std::int64_t bps = rules.whole("market_protection_bps");
        if (!rules.ok() || bps > 10'000)
            return R::failure(
                "the configuration's orders.market_protection_bps must be a whole number from 0 to 10000");
        config.marketProtectionBps = bps;
    }
    return R::success(std::move(config));
}

Result<UserAnalytics> decodeUserAnalytics(const QByteArray& json) {
    using R = Result<UserAnalytics>;
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (auto error = shapeError(document, false, "the user's analytics"))
        return R::failure(*error);
    AnswerObject o(document.object());
    AnswerObject orders(document.object().value(QLatin1String("orders")).toObject());
    UserAnalytics a;
    a.logins = o.whole("logins");
    a.fillRatio = fromTicks(o.money("fill_ratio")); // written with four decimals
    a.trades = o.whole("trades");
    a.volume = o.whole("volume");
    a.notional = o.money("notional");
    a.realizedPnl = o.signedMoney("realized_pnl");
    a.ordersPlaced = orders.whole("placed");
    a.ordersFilled = orders.whole("filled");
    a.ordersCancelled = orders.whole("cancelled");
    if (!o.ok())
        return R::failure("the user's analytics: " + *o.error());
    if (!orders.ok())
        return R::failure("the user's analytics: orders." + *orders.error());
    return R::success(a);
}

Result<ExchangeSummary> decodeExchangeSummary(const QByteArray& json) {
    using R = Result<ExchangeSummary>;
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (auto error = shapeError(document, false, "the exchange's summary"))
        return R::failure(*error);
    const QJsonObject object = document.object();
    AnswerObject active(object.value(QLatin1String("active_users")).toObject());
    AnswerObject hour(object.value(QLatin1String("last_hour")).toObject());
    ExchangeSummary s;
    s.active1m = active.whole("1m");
    s.active1h = active.whole("1h");
    s.active24h = active.whole("24h");
    s.lastHourTrades = hour.whole("trades");
    s.lastHourVolume = hour.whole("volume");
    s.lastHourNotional = hour.money("notional");
    if (!active.ok())
        return R::failure("the exchange's summary: active_users." + *active.error());
    if (!hour.ok())
        return R::failure("the exchange's summary: last_hour." + *hour.error());
    const QJsonValue top = object.value(QLatin1String("top_traded"));
    if (!top.isArray())
        return R::failure("the exchange's summary: top_traded: must be an array");
    for (const QJsonValue item : top.toArray()) {
        AnswerObject traded(item.toObject());
        const QString symbol = traded.text("symbol");
        if (!traded.ok())
            return R::failure("the exchange's summary: top_traded " + std::to_string(s.topTraded.size()) + ": " +
                              *traded.error());
        s.topTraded.append(symbol);
    }
    return R::success(std::move(s));
}

Result<std::vector<SeriesPoint>> decodeSeries(const QByteArray& json) {
    return decodeList<SeriesPoint>(json, "the series", "point", [](ResourceFields& o, const QJsonObject&) {
        // A count is a whole number and notional has four decimals at most: both read exactly as money.
        return SeriesPoint{o.whole("minute"), fromTicks(o.money("value"))};
    });
}

Result<QString> decodeOrderId(const QByteArray& json) { return decodeText(json, "order_id"); }

Result<QString> decodeMessage(const QByteArray& json) { return decodeText(json, "message"); }

QByteArray encodeOrderPlacement(const OrderPlacement& request) {
    QJsonObject body{{QStringLiteral("symbol"), request.symbol},
                     {QStringLiteral("side"), style::word(sideName(request.side))},
                     {QStringLiteral("order_type"), style::word(orderTypeName(request.type))},
                     {QStringLiteral("qty"), static_cast<double>(request.qty)},
                     {QStringLiteral("tif"), style::word(timeInForceName(request.tif))}};
    // The shortest decimal that reads back as the same double: four decimals at most, as entered.
    if (request.price)
        body.insert(QStringLiteral("price"), fromTicks(*request.price));
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QByteArray encodePriceSubmission(const PriceSubmission& submission) {
    QJsonObject body{{QStringLiteral("id"), 1},
                     {QStringLiteral("name"), submission.symbol},
                     {QStringLiteral("price"), fromTicks(submission.price)}};
    if (submission.volume)
        body.insert(QStringLiteral("volume"), static_cast<double>(*submission.volume));
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace kse
