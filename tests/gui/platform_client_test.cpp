// The typed calls of PlatformClient against a scripted HTTP server: the request each one sends
// (path, percent-encoded symbol, query, body), and what a widget gets for each kind of answer.
#include "api/platform_client.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <gtest/gtest.h>

using namespace kse;

namespace {

// Answers every request with the next scripted status and body, and keeps what was asked.
class ScriptedServer {
public:
    struct Answer {
        int status;
        QByteArray body;
    };

    ScriptedServer() {
        EXPECT_TRUE(m_server.listen(QHostAddress::LocalHost));
        QObject::connect(&m_server, &QTcpServer::newConnection, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection())
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { serve(socket); });
        });
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }
    void answer(int status, QByteArray body) { m_answers.push_back({status, std::move(body)}); }
    QByteArray requestLine() const { return m_requests.isEmpty() ? QByteArray() : m_requests.back().first; }
    QByteArray requestBody() const { return m_requests.isEmpty() ? QByteArray() : m_requests.back().second; }

private:
    void serve(QTcpSocket* socket) {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray head = buffer.left(end).toLower();
        const qsizetype length = head.indexOf("content-length:");
        const int bodySize =
            length < 0 ? 0 : head.mid(length + 15, head.indexOf('\r', length) - length - 15).trimmed().toInt();
        if (buffer.size() < end + 4 + bodySize)
            return; // the rest of the body is on its way
        m_requests.push_back({buffer.left(buffer.indexOf("\r\n")), buffer.mid(end + 4, bodySize)});
        const Answer a = m_answers.isEmpty() ? Answer{500, "{}"} : m_answers.takeFirst();
        socket->write("HTTP/1.1 " + QByteArray::number(a.status) +
                      " Scripted\r\nContent-Type: application/json\r\n"
                      "Content-Length: " +
                      QByteArray::number(a.body.size()) + "\r\nConnection: close\r\n\r\n" + a.body);
        socket->disconnectFromHost();
        m_buffers.remove(socket);
    }

    QTcpServer m_server;
    QList<Answer> m_answers;
    QList<std::pair<QByteArray, QByteArray>> m_requests;
    QHash<QTcpSocket*, QByteArray> m_buffers;
};

// Runs a typed call and waits for its result.
template <typename T, typename Call> Result<T> await(Call call) {
    std::optional<Result<T>> out;
    call([&](const Result<T>& result) { out = result; });
    EXPECT_TRUE(QTest::qWaitFor([&] { return out.has_value(); }, 10'000));
    return out.value_or(Result<T>::failure("no answer"));
}

} // namespace

TEST(PlatformClient, TheBookOfASymbolIsAskedWithTheSymbolAsOnePercentEncodedSegment) {
    ScriptedServer server;
    PlatformClient client(server.url());
    client.setToken("secret");
    server.answer(200, R"({"symbol":"A B/C","bids":[[1.5,10]],"asks":[],"seq":3})");
    const auto book = await<BookDepth>([&](auto done) { client.book(QStringLiteral("A B/C"), 10, done); });
    EXPECT_EQ(server.requestLine(), "GET /api/v1/book/A%20B%2FC?depth=10 HTTP/1.1");
    ASSERT_TRUE(book) << book.error();
    EXPECT_EQ(book.value(), (BookDepth{QStringLiteral("A B/C"), {{15'000, 10}}, {}, 3}));
}

TEST(PlatformClient, EachCallAsksItsResourceAndDecodesIt) {
    ScriptedServer server;
    PlatformClient client(server.url());
    server.answer(200, "[]");
    EXPECT_TRUE((await<std::vector<OrderRow>>([&](auto done) { client.orders(500, done); })));
    EXPECT_EQ(server.requestLine(), "GET /api/v1/orders?limit=500 HTTP/1.1");
    server.answer(200, "[]");
    EXPECT_TRUE((await<std::vector<FillRow>>([&](auto done) { client.fills(20, done); })));
    EXPECT_EQ(server.requestLine(), "GET /api/v1/fills?limit=20 HTTP/1.1");
    server.answer(200, "[]");
    EXPECT_TRUE((await<std::vector<ChartCandle>>(
        [&](auto done) { client.candles(QStringLiteral("BRK.B"), QStringLiteral("5m"), 500, done); })));
    EXPECT_EQ(server.requestLine(), "GET /api/v1/stocks/BRK.B/candles?interval=5m&limit=500 HTTP/1.1");
    server.answer(200, "[]");
    EXPECT_TRUE(
        (await<std::vector<SeriesPoint>>([&](auto done) { client.analyticsSeries(QStringLiteral("trades"), done); })));
    EXPECT_EQ(server.requestLine(), "GET /api/v1/analytics/timeseries?metric=trades HTTP/1.1");

    server.answer(202, R"({"order_id":"o-9","status":"pending"})");
    const OrderPlacement order{QStringLiteral("AAPL"), Side::Buy, OrderType::Limit, 3, 1'000'000, TimeInForce::Gtc};
    const auto placed = await<QString>([&](auto done) { client.placeOrder(order, done); });
    EXPECT_EQ(server.requestLine(), "POST /api/v1/orders HTTP/1.1");
    EXPECT_EQ(server.requestBody(), encodeOrderPlacement(order));
    EXPECT_EQ(placed.value(), QStringLiteral("o-9"));

    server.answer(202, R"({"order_id":"o 9","status":"cancel_requested"})");
    EXPECT_TRUE((await<QString>([&](auto done) { client.cancelOrder(QStringLiteral("o 9"), done); })));
    EXPECT_EQ(server.requestLine(), "DELETE /api/v1/orders/o%209 HTTP/1.1");
}

TEST(PlatformClient, AWidgetGetsTheApisReasonOrWhatWasWrongWithTheAnswer) {
    ScriptedServer server;
    PlatformClient client(server.url());
    server.answer(409, R"({"error":"not enough cash"})");
    const OrderPlacement order{QStringLiteral("AAPL"), Side::Buy, OrderType::Market, 3, std::nullopt, TimeInForce::Ioc};
    EXPECT_EQ((await<QString>([&](auto done) { client.placeOrder(order, done); })).error(), "not enough cash");
    server.answer(502, "<html>bad gateway</html>");
    EXPECT_EQ((await<Portfolio>([&](auto done) { client.portfolio(done); })).error(), "HTTP 502");
    server.answer(200, R"([{"symbol":"AAPL"}])");
    EXPECT_EQ((await<std::vector<StockQuote>>([&](auto done) { client.stocks(done); })).error(),
              "stock 0: price: must be a number");
    server.answer(200, R"({"kafka":{}})");
    EXPECT_EQ((await<PlatformConfig>([&](auto done) { client.config(done); })).error(),
              "the configuration's kafka.brokers: must be a non-empty string");

    // The caller's analytics before their first event: none yet, which is no error.
    server.answer(404, R"({"error":"no activity of user alice yet"})");
    const auto mine = await<std::optional<UserAnalytics>>([&](auto done) { client.myAnalytics(done); });
    ASSERT_TRUE(mine) << mine.error();
    EXPECT_FALSE(mine.value().has_value());
    EXPECT_EQ(server.requestLine(), "GET /api/v1/analytics/me HTTP/1.1");
    server.answer(503, R"({"error":"user analytics unavailable"})");
    EXPECT_EQ((await<std::optional<UserAnalytics>>([&](auto done) { client.myAnalytics(done); })).error(),
              "user analytics unavailable");
}

TEST(PlatformClient, AnUnreachableApiIsReportedOnce) {
    QTcpServer closed; // a port nobody listens on
    ASSERT_TRUE(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    PlatformClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    QSignalSpy reachability(&client, &PlatformClient::reachabilityChanged);
    const auto summary = await<ExchangeSummary>([&](auto done) { client.exchangeSummary(done); });
    EXPECT_FALSE(summary);
    EXPECT_FALSE(summary.error().empty());
    EXPECT_FALSE((await<ExchangeSummary>([&](auto done) { client.exchangeSummary(done); })));
    ASSERT_EQ(reachability.count(), 1);
    EXPECT_FALSE(reachability.at(0).at(0).toBool());
}
