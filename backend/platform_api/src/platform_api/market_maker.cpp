#include "platform_api/market_maker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QNetworkRequest>

#include "domain/price.h"

namespace kse {
namespace {

constexpr std::string_view kComponent = "market-maker";

std::int64_t ticksOf(const QJsonValue& value) {
    const auto price = Price::fromDouble(value.toDouble());
    return price ? price.value().ticks() : 0;
}

std::string text(const QJsonObject& o, const char* name) {
    return o.value(QLatin1String(name)).toString().toStdString();
}

} // namespace

MarketMaker::MarketMaker(Options options, Logger& logger, QObject* parent)
    : QObject(parent), m_options(std::move(options)), m_logger(logger), m_planner(m_options.policy) {
    m_timer.setInterval(m_options.roundMs);
    connect(&m_timer, &QTimer::timeout, this, &MarketMaker::round);
}

void MarketMaker::start() {
    m_timer.start();
    m_logger.info(kComponent, "quoting", {{"api", m_options.api.toString().toStdString()}});
}

void MarketMaker::stop() { m_timer.stop(); }

QNetworkReply* MarketMaker::send(const QByteArray& verb, const QString& path, const QByteArray& body) {
    QUrl url = m_options.api;
    const qsizetype question = path.indexOf(QLatin1Char('?'));
    url.setPath(path.left(question));
    if (question >= 0)
        url.setQuery(path.mid(question + 1));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setTransferTimeout(10'000);
    return m_network.sendCustomRequest(request, verb, body);
}

void MarketMaker::expect(QNetworkReply* reply, std::function<void(const QByteArray&)> handle) {
    connect(reply, &QNetworkReply::finished, this, [this, reply, handle = std::move(handle)] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200)
            handle(reply->readAll());
        else {
            if (status == 401)
                m_token.clear(); // the session ended: a new one next round
            if (!m_snapshot.failed)
                m_logger.debug(kComponent, "round skipped",
                               {{"url", reply->url().path().toStdString()}, {"status", std::to_string(status)}});
            m_snapshot.failed = true;
        }
        if (--m_snapshot.awaited == 0) {
            if (m_snapshot.failed)
                finishRound();
            else
                act();
        }
    });
}

void MarketMaker::round() {
    if (m_busy)
        return;
    m_busy = true;
    if (m_token.isEmpty())
        m_token = QByteArray::fromStdString(m_options.openSession());
    m_snapshot = Snapshot{};
    m_snapshot.awaited = 3;
    expect(send("GET", QStringLiteral("/api/v1/stocks")), [this](const QByteArray& body) {
        for (const QJsonValue item : QJsonDocument::fromJson(body).array()) {
            const QJsonObject stock = item.toObject();
            if (const std::int64_t price = ticksOf(stock.value(QLatin1String("price"))); price > 0)
                m_snapshot.references[text(stock, "symbol")] = price;
        }
    });
    expect(send("GET", QStringLiteral("/api/v1/portfolio")), [this](const QByteArray& body) {
        const QJsonObject portfolio = QJsonDocument::fromJson(body).object();
        m_snapshot.availableCash = ticksOf(portfolio.value(QLatin1String("available")));
        for (const QJsonValue item : portfolio.value(QLatin1String("positions")).toArray()) {
            const QJsonObject p = item.toObject();
            m_snapshot.availableShares[text(p, "symbol")] =
                p.value(QLatin1String("qty")).toInteger() - p.value(QLatin1String("reserved")).toInteger();
        }
    });
    expect(send("GET", QStringLiteral("/api/v1/orders?status=open&limit=1000")), [this](const QByteArray& body) {
        for (const QJsonValue item : QJsonDocument::fromJson(body).array()) {
            const QJsonObject o = item.toObject();
            QuotePlanner::OwnOrder own;
            own.id = text(o, "order_id");
            own.side = text(o, "side") == "buy" ? Side::Buy : Side::Sell;
            own.price = ticksOf(o.value(QLatin1String("price")));
            own.remaining =
                o.value(QLatin1String("qty")).toInteger() - o.value(QLatin1String("filled_qty")).toInteger();
            m_snapshot.open[text(o, "symbol")].push_back(std::move(own));
        }
    });
}

void MarketMaker::act() {
    std::int64_t cash = m_snapshot.availableCash;
    int symbols = 0;
    for (const auto& [symbol, reference] : m_snapshot.references) {
        if (++symbols > m_options.maxSymbols)
            break;
        const auto& open = m_snapshot.open[symbol];
        std::int64_t shares = m_snapshot.availableShares[symbol];
        const bool asking = std::any_of(open.begin(), open.end(), [](const auto& o) { return o.side == Side::Sell; });
        if (shares <= 0 && !asking && m_options.depositShares) {
            m_options.depositShares(symbol, m_options.inventoryShares, reference);
            shares = m_options.inventoryShares;
        }
        const auto centre = m_centres.find(symbol);
        const auto plan = m_planner.plan(
            reference, centre == m_centres.end() ? std::nullopt : std::optional(centre->second), open, cash, shares);
        m_centres[symbol] = plan.centre;
        for (const std::string& id : plan.cancels) {
            ++m_inFlight;
            settle(send("DELETE", QStringLiteral("/api/v1/orders/%1").arg(QString::fromStdString(id))), m_cancelled);
        }
        for (const auto& quote : plan.places) {
            if (quote.side == Side::Buy)
                cash -= quote.price * quote.qty;
            const std::string body = R"({"symbol":")" + symbol + R"(","side":")" +
                                     (quote.side == Side::Buy ? "buy" : "sell") +
                                     R"(","order_type":"limit","tif":"gtc","qty":)" + std::to_string(quote.qty) +
                                     R"(,"price":)" + Price::fromTicks(quote.price).toString() + "}";
            ++m_inFlight;
            settle(send("POST", QStringLiteral("/api/v1/orders"), QByteArray::fromStdString(body)), m_placed);
        }
    }
    if (m_inFlight == 0)
        finishRound();
}

void MarketMaker::settle(QNetworkReply* reply, std::uint64_t& counter) {
    connect(reply, &QNetworkReply::finished, this, [this, reply, &counter] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 202)
            ++counter;
        else
            m_logger.debug(kComponent, "request refused",
                           {{"url", reply->url().path().toStdString()},
                            {"status", std::to_string(status)},
                            {"body", reply->readAll().toStdString()}});
        if (--m_inFlight == 0)
            finishRound();
    });
}

void MarketMaker::finishRound() {
    m_busy = false;
    ++m_rounds;
}

} // namespace kse
