#pragma once

#include "chart/chart_series.h"
#include "contract/order_enums.h"
#include "domain/result.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

// The platform API's resources as the desktop reads them (docs/http-api.md), and their decoders.
// Every decoder reads through the contract's AnswerObject: money exactly in ticks, counts whole,
// the order vocabulary in the contract's spelling, and a refusal names the first bad field.
namespace kse {

// One of the user's orders (GET /api/v1/orders); prices in ticks.
struct OrderRow {
    QString id, symbol;
    Side side = Side::Buy;
    OrderType type = OrderType::Limit;
    TimeInForce tif = TimeInForce::Gtc;
    OrderStatus status = OrderStatus::Pending;
    QString reason;
    std::int64_t qty = 0, price = 0, filled = 0, avgPrice = 0; // price 0: a market order
    std::int64_t created = 0;
    std::int64_t protection = 0; // a market order's protection price; 0 when it has none
    bool open() const;           // still able to fill, so a cancel makes sense
    bool operator==(const OrderRow&) const = default;
};

// One execution of one of the user's orders (GET /api/v1/fills); price in ticks.
struct FillRow {
    QString tradeId, orderId, symbol;
    Side side = Side::Buy;
    std::int64_t price = 0, qty = 0, ts = 0;
    bool operator==(const FillRow&) const = default;
};

// GET /api/v1/portfolio; money in ticks.
struct Portfolio {
    struct Position {
        QString symbol;
        std::int64_t qty = 0, reserved = 0, avgCost = 0, last = 0, marketValue = 0, unrealized = 0;
        bool operator==(const Position&) const = default;
    };
    std::int64_t cash = 0, reserved = 0, available = 0, realized = 0, unrealized = 0;
    std::vector<Position> positions;
    bool operator==(const Portfolio&) const = default;
};

// An order book (GET /api/v1/book/{symbol}): levels best first, prices in ticks.
struct BookDepth {
    QString symbol;
    std::vector<std::pair<std::int64_t, std::int64_t>> bids, asks; // price, quantity
    std::int64_t seq = 0;
    bool operator==(const BookDepth&) const = default;
};

// The best bid and ask of a symbol (the stream's top messages); either side may be empty.
struct TopOfBook {
    QString symbol;
    std::optional<std::pair<std::int64_t, std::int64_t>> bid, ask; // price, quantity
    std::int64_t seq = 0;
    bool operator==(const TopOfBook&) const = default;
};

// One symbol's session (GET /api/v1/stocks) as the market watch shows it; prices in ticks.
struct StockQuote {
    QString symbol;
    std::int64_t last = 0, open = 0, high = 0, low = 0;
    std::optional<std::int64_t> previousClose;
    std::int64_t volume = 0;
    std::int64_t updated = 0; // start of the newest candle seen, ms
    // The best bid and ask (price, quantity) while the stream brings them; not in the API's list.
    std::optional<std::pair<std::int64_t, std::int64_t>> bid, ask;
    std::int64_t change() const { return last - previousClose.value_or(open); }
    double changePercent() const;
    bool operator==(const StockQuote&) const = default;
};

// What the desktop needs of GET /api/v1/config: where Kafka is, and the services a monitor asks.
struct PlatformConfig {
    QString brokers;
    QMap<QString, QString> services; // name → base URL
    // How far a market order's protection price lies from the reference, in basis points
    // (0–10,000); none from a platform that does not say.
    std::optional<std::int64_t> marketProtectionBps;
    bool operator==(const PlatformConfig&) const = default;
};

// What the analytics panel shows of the caller's own statistics (GET /api/v1/analytics/me).
struct UserAnalytics {
    std::int64_t logins = 0, ordersPlaced = 0, ordersFilled = 0, ordersCancelled = 0;
    double fillRatio = 0; // filled / placed, to four decimals
    std::int64_t trades = 0, volume = 0;
    std::int64_t notional = 0, realizedPnl = 0; // ticks
    bool operator==(const UserAnalytics&) const = default;
};

// What the analytics panel shows of the exchange (GET /api/v1/analytics/summary).
struct ExchangeSummary {
    std::int64_t active1m = 0, active1h = 0, active24h = 0;
    std::int64_t lastHourTrades = 0, lastHourVolume = 0, lastHourNotional = 0; // notional in ticks
    QStringList topTraded;                                                     // most traded first
    bool operator==(const ExchangeSummary&) const = default;
};

// One minute of GET /api/v1/analytics/timeseries.
struct SeriesPoint {
    std::int64_t minute = 0; // ms since the epoch
    double value = 0;        // a count, or an amount of money for notional
    bool operator==(const SeriesPoint&) const = default;
};

// What the order ticket sends (POST /api/v1/orders).
struct OrderPlacement {
    QString symbol;
    Side side = Side::Buy;
    OrderType type = OrderType::Limit;
    std::int64_t qty = 0;
    std::optional<std::int64_t> price; // ticks; a limit order's only
    TimeInForce tif = TimeInForce::Gtc;
};

// What an admin submits as a price (POST /api/v1/stock).
struct PriceSubmission {
    QString symbol;
    std::int64_t price = 0;             // ticks
    std::optional<std::int64_t> volume; // none: the ingestor's default
};

// The decoders take the answer's body as sent (text that is no JSON is refused like a wrong shape).
Result<std::vector<OrderRow>> decodeOrders(const QByteArray& json);
Result<std::vector<FillRow>> decodeFills(const QByteArray& json);
Result<Portfolio> decodePortfolio(const QByteArray& json);
Result<BookDepth> decodeBook(const QByteArray& json);
// {"symbol","bid":[price,qty]|null,"ask":[price,qty]|null,"seq"}; a crossed top is refused.
Result<TopOfBook> decodeTop(const QByteArray& json);
Result<std::vector<StockQuote>> decodeQuotes(const QByteArray& json);
// Checked: every price exact to four decimals, starts strictly increasing.
Result<std::vector<ChartCandle>> decodeCandles(const QByteArray& json);
Result<PlatformConfig> decodeConfig(const QByteArray& json);
Result<UserAnalytics> decodeUserAnalytics(const QByteArray& json);
Result<ExchangeSummary> decodeExchangeSummary(const QByteArray& json);
Result<std::vector<SeriesPoint>> decodeSeries(const QByteArray& json);
// {"order_id","status"} (an order placed, a cancel requested) → the order's id.
Result<QString> decodeOrderId(const QByteArray& json);
// {"message"} of an answer that only says what happened.
Result<QString> decodeMessage(const QByteArray& json);

// The request bodies.
QByteArray encodeOrderPlacement(const OrderPlacement& request);
QByteArray encodePriceSubmission(const PriceSubmission& submission);

} // namespace kse
