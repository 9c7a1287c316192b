#pragma once

#include "api/platform_resources.h"
#include "domain/result.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>
#include <functional>
#include <optional>
#include <vector>

namespace kse {

// The desktop's side of the platform API: asynchronous requests with the session's bearer
// token, answered through callbacks on the calling (UI) thread. A typed call builds the path and
// query, checks the status and decodes the answer (api/platform_resources.h), so a widget gets
// its rows or a reason: the API's {"error"}, the network's, or what was wrong with the answer.
// `reachable` tells the status bar whether the last request got an answer at all.
class PlatformClient : public QObject {
    Q_OBJECT
public:
    struct Reply {
        int status = 0; // 0: no answer (unreachable, timed out)
        QJsonDocument json;
        QByteArray body; // as sent
        QString error;   // the API's {"error"} or the network's reason
        bool ok() const { return status >= 200 && status < 300; }
    };
    using Callback = std::function<void(const Reply&)>;
    template <typename T> using Done = std::function<void(const Result<T>&)>;

    explicit PlatformClient(QUrl api, QObject* parent = nullptr);

    const QUrl& api() const { return m_api; }
    void setToken(const QByteArray& token) { m_token = token; }
    const QByteArray& token() const { return m_token; }
    bool signedIn() const { return !m_token.isEmpty(); }
    QString role() const { return m_role; } // "trader" or "admin", once signed in

    // The user's newest orders and executions (at most `limit`), and their account.
    void orders(int limit, Done<std::vector<OrderRow>> done);
    void fills(int limit, Done<std::vector<FillRow>> done);
    void portfolio(Done<Portfolio> done);
    // The best `depth` levels a side of `symbol`'s book.
    void book(const QString& symbol, int depth, Done<BookDepth> done);
    // Every symbol's session, and one symbol's newest `limit` candles of `interval` (1s, 1m, 5m, 1h).
    void stocks(Done<std::vector<StockQuote>> done);
    void candles(const QString& symbol, const QString& interval, int limit, Done<std::vector<ChartCandle>> done);
    // Hands over the new order's id; the engine's verdict comes later, with the orders.
    void placeOrder(const OrderPlacement& request, Done<QString> done);
    void cancelOrder(const QString& orderId, Done<QString> done);
    void config(Done<PlatformConfig> done);
    // An admin's price for a symbol; the ingestor's message.
    void submitPrice(const PriceSubmission& submission, Done<QString> done);
    // The caller's own statistics; none until user analytics counted their first event.
    void myAnalytics(Done<std::optional<UserAnalytics>> done);
    void exchangeSummary(Done<ExchangeSummary> done);
    // One point a minute of `metric` over the last hour.
    void analyticsSeries(const QString& metric, Done<std::vector<SeriesPoint>> done);

    // A path segment made of user input (a symbol, an order id), percent-encoded: "A B/C" → "A%20B%2FC".
    static QString segment(const QString& text);
    // `api` + `path` (its segments as segment() gives them) + `query`.
    static QUrl resourceUrl(const QUrl& api, const QString& path, const QUrlQuery& query = {});

    // Any other request, answered as it came (the typed calls above are built on these).
    void get(const QString& pathAndQuery, Callback done);
    void post(const QString& path, const QJsonDocument& body, Callback done);
    void del(const QString& path, Callback done);

    // POST /api/v1/login; on success the token is kept for every later request.
    void login(const QString& username, const QString& password, Callback done);
    void registerUser(const QString& username, const QString& password, Callback done);

Q_SIGNALS:
    void reachabilityChanged(bool reachable);

private:
    QUrl url(const QString& path, const QUrlQuery& query = {}) const { return resourceUrl(m_api, path, query); }
    void send(const QByteArray& verb, const QUrl& url, const QByteArray& body, Callback done);
    // Sends, and hands `done` the decoded answer of a 2xx, or the reason there is none.
    template <typename T, typename Decode>
    void call(const QByteArray& verb, const QUrl& url, const QByteArray& body, Decode decode, Done<T> done);

    QUrl m_api;
    QByteArray m_token;
    QString m_role;
    QNetworkAccessManager m_network;
    bool m_reachable = true;
};

} // namespace kse
