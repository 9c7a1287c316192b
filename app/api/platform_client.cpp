#include "api/platform_client.h"

#include <QJsonObject>
#include <QNetworkReply>

namespace kse {
namespace {

QString number(std::int64_t n) { return QString::number(n); }

} // namespace

PlatformClient::PlatformClient(QUrl api, QObject* parent) : QObject(parent), m_api(std::move(api)) {}

QString PlatformClient::segment(const QString& text) { return QString::fromLatin1(QUrl::toPercentEncoding(text)); }

QUrl PlatformClient::resourceUrl(const QUrl& api, const QString& path, const QUrlQuery& query) {
    QUrl url = api;
    // Tolerant: the escapes segment() made stay escapes, so a "/" in a symbol cannot add a segment.
    url.setPath(api.path() + path, QUrl::TolerantMode);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

void PlatformClient::send(const QByteArray& verb, const QUrl& url, const QByteArray& body, Callback done) {
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setTransferTimeout(10'000);
    QNetworkReply* reply = m_network.sendCustomRequest(request, verb, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] {
        reply->deleteLater();
        Reply answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        answer.json = QJsonDocument::fromJson(answer.body);
        if (answer.status == 0)
            answer.error = reply->errorString();
        else if (!answer.ok())
            answer.error = answer.json.object()
                               .value(QLatin1String("error"))
                               .toString(QStringLiteral("HTTP %1").arg(answer.status));
        const bool reachable = answer.status != 0;
        if (reachable != m_reachable) {
            m_reachable = reachable;
            Q_EMIT reachabilityChanged(reachable);
        }
        if (done)
            done(answer);
    });
}

template <typename T, typename Decode>
void PlatformClient::call(const QByteArray& verb, const QUrl& url, const QByteArray& body, Decode decode,
                          Done<T> done) {
    send(verb, url, body, [decode = std::move(decode), done = std::move(done)](const Reply& reply) {
        if (!reply.ok())
            return done(Result<T>::failure(reply.error.toStdString()));
        done(decode(reply.body));
    });
}

void PlatformClient::orders(int limit, Done<std::vector<OrderRow>> done) {
    const QUrlQuery query{{QStringLiteral("limit"), number(limit)}};
    call<std::vector<OrderRow>>("GET", url(QStringLiteral("/api/v1/orders"), query), {}, decodeOrders, std::move(done));
}

void PlatformClient::fills(int limit, Done<std::vector<FillRow>> done) {
    const QUrlQuery query{{QStringLiteral("limit"), number(limit)}};
    call<std::vector<FillRow>>("GET", url(QStringLiteral("/api/v1/fills"), query), {}, decodeFills, std::move(done));
}

void PlatformClient::portfolio(Done<Portfolio> done) {
    call<Portfolio>("GET", url(QStringLiteral("/api/v1/portfolio")), {}, decodePortfolio, std::move(done));
}

void PlatformClient::book(const QString& symbol, int depth, Done<BookDepth> done) {
    const QUrlQuery query{{QStringLiteral("depth"), number(depth)}};
    call<BookDepth>("GET", url(QStringLiteral("/api/v1/book/") + segment(symbol), query), {}, decodeBook,
                    std::move(done));
}

void PlatformClient::stocks(Done<std::vector<StockQuote>> done) {
    call<std::vector<StockQuote>>("GET", url(QStringLiteral("/api/v1/stocks")), {}, decodeQuotes, std::move(done));
}

void PlatformClient::candles(const QString& symbol, const QString& interval, int limit,
                             Done<std::vector<ChartCandle>> done) {
    const QUrlQuery query{{QStringLiteral("interval"), interval}, {QStringLiteral("limit"), number(limit)}};
    call<std::vector<ChartCandle>>("GET", url(QStringLiteral("/api/v1/stocks/%1/candles").arg(segment(symbol)), query),
                                   {}, decodeCandles, std::move(done));
}

void PlatformClient::placeOrder(const OrderPlacement& request, Done<QString> done) {
    call<QString>("POST", url(QStringLiteral("/api/v1/orders")), encodeOrderPlacement(request), decodeOrderId,
                  std::move(done));
}

void PlatformClient::cancelOrder(const QString& orderId, Done<QString> done) {
    call<QString>("DELETE", url(QStringLiteral("/api/v1/orders/") + segment(orderId)), {}, decodeOrderId,
                  std::move(done));
}

void PlatformClient::config(Done<PlatformConfig> done) {
    call<PlatformConfig>("GET", url(QStringLiteral("/api/v1/config")), {}, decodeConfig, std::move(done));
}

void PlatformClient::submitPrice(const PriceSubmission& submission, Done<QString> done) {
    call<QString>("POST", url(QStringLiteral("/api/v1/stock")), encodePriceSubmission(submission), decodeMessage,
                  std::move(done));
}

void PlatformClient::myAnalytics(Done<std::optional<UserAnalytics>> done) {
    using R = Result<std::optional<UserAnalytics>>;
    send("GET", url(QStringLiteral("/api/v1/analytics/me")), {}, [done = std::move(done)](const Reply& reply) {
        if (reply.status == 404) // docs/http-api.md: until the caller's first event is counted
            return done(R::success(std::nullopt));
        if (!reply.ok())
            return done(R::failure(reply.error.toStdString()));
        auto analytics = decodeUserAnalytics(reply.body);
        done(analytics ? R::success(analytics.value()) : R::failure(analytics.error()));
    });
}

void PlatformClient::exchangeSummary(Done<ExchangeSummary> done) {
    call<ExchangeSummary>("GET", url(QStringLiteral("/api/v1/analytics/summary")), {}, decodeExchangeSummary,
                          std::move(done));
}

void PlatformClient::analyticsSeries(const QString& metric, Done<std::vector<SeriesPoint>> done) {
    const QUrlQuery query{{QStringLiteral("metric"), metric}};
    call<std::vector<SeriesPoint>>("GET", url(QStringLiteral("/api/v1/analytics/timeseries"), query), {}, decodeSeries,
                                   std::move(done));
}

void PlatformClient::get(const QString& pathAndQuery, Callback done) {
    QUrl target = m_api;
    const qsizetype question = pathAndQuery.indexOf(QLatin1Char('?'));
    target.setPath(m_api.path() + pathAndQuery.left(question));
    if (question >= 0)
        target.setQuery(pathAndQuery.mid(question + 1));
    send("GET", target, {}, std::move(done));
}

void PlatformClient::post(const QString& path, const QJsonDocument& body, Callback done) {
    send("POST", url(path), body.toJson(QJsonDocument::Compact), std::move(done));
}

void PlatformClient::del(const QString& path, Callback done) { send("DELETE", url(path), {}, std::move(done)); }

void PlatformClient::login(const QString& username, const QString& password, Callback done) {
    const QJsonDocument body(
        QJsonObject{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}});
    post(QStringLiteral("/api/v1/login"), body, [this, done = std::move(done)](const Reply& reply) {
        if (reply.ok()) {
            m_token = reply.json.object().value(QLatin1String("token")).toString().toUtf8();
            m_role = reply.json.object().value(QLatin1String("role")).toString();
        }
        done(reply);
    });
}

void PlatformClient::registerUser(const QString& username, const QString& password, Callback done) {
    const QJsonDocument body(
        QJsonObject{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}});
    post(QStringLiteral("/api/v1/users"), body, std::move(done));
}

} // namespace kse
