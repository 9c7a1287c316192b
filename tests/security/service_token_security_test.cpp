// The internal services (everything but the platform API) trust nobody beyond loopback: bound
// there they refuse to start without a service token, and with one they answer only requests
// that carry it. The platform API carries it on its relays.
#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/raw_connection.h"
#include "support/wait.h"

#include <QProcess>
#include <QTemporaryDir>
#include <gtest/gtest.h>

namespace kse::test {
namespace {

const QString kToken = QStringLiteral("test-service-token-0123456789");

QByteArray get(const QByteArray& path, const QByteArray& authorization = {}) {
    QByteArray request = "GET " + path + " HTTP/1.1\r\nHost: kse\r\n";
    if (!authorization.isEmpty())
        request += "Authorization: " + authorization + "\r\n";
    return request + "\r\n";
}

int statusOf(quint16 port, const QByteArray& request) {
    RawConnection connection(port);
    if (!connection.send(request))
        return 0;
    return RawConnection::status(connection.readAnswer());
}

// An internal service on every address, with the token in its environment.
struct Exposed {
    Exposed(const QString& service, const QStringList& extra = {})
        : process(QStringList{service, QStringLiteral("--bind"), QStringLiteral("0.0.0.0"), QStringLiteral("--port"),
                              QStringLiteral("0"), QStringLiteral("--data-dir"), dir.path()} +
                  extra) {
        process.setEnvironment({{QStringLiteral("KSE_SERVICE_TOKEN"), kToken}});
        process.start();
    }
    ~Exposed() {
        if (process.running()) {
            EXPECT_EQ(process.terminate(), 0) << process.output().toStdString();
        }
    }
    QTemporaryDir dir;
    BackendProcess process;
};

TEST(ServiceToken, AnInternalServiceBeyondLoopbackWithoutATokenRefusesToStart) {
    for (const QString& service : {QStringLiteral("stock-ingestor"), QStringLiteral("order-processor"),
                                   QStringLiteral("user-analytics"), QStringLiteral("stock-aggregator")}) {
        QTemporaryDir dir;
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("KSE_SERVICE_TOKEN"));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(KSE_BACKEND_PATH),
                      {service, QStringLiteral("--bind"), QStringLiteral("0.0.0.0"), QStringLiteral("--port"),
                       QStringLiteral("0"), QStringLiteral("--data-dir"), dir.path()});
        ASSERT_TRUE(process.waitForFinished(30'000)) << service.toStdString() << " kept running";
        const QString output = QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
        EXPECT_EQ(process.exitCode(), 2) << output.toStdString();
        EXPECT_TRUE(output.contains(QStringLiteral("only with a service token"))) << output.toStdString();
        EXPECT_FALSE(output.contains(QStringLiteral("listening on"))) << output.toStdString();
    }
}

TEST(ServiceToken, AnExposedServiceAnswersOnlyRequestsWithTheToken) {
    Exposed processor(QStringLiteral("order-processor"));
    const quint16 port = processor.process.port();
    const QByteArray bearer = "Bearer " + kToken.toUtf8();
    EXPECT_EQ(statusOf(port, get("/api/v1/book/AAPL")), 401);
    EXPECT_EQ(statusOf(port, get("/api/v1/book/AAPL", "Bearer wrong-token-0123456789")), 401);
    EXPECT_EQ(statusOf(port, get("/api/v1/book/AAPL", "Basic " + kToken.toUtf8().toBase64())), 401);
    // With the token: 421 until the processor owns the partitions of `orders`, then the book.
    EXPECT_TRUE(waitUntil([&] { return statusOf(port, get("/api/v1/book/AAPL", bearer)) == 200; }));
    EXPECT_EQ(statusOf(port, get("/api/v1/book/AAPL", "bearer  " + kToken.toUtf8())), 200);
    EXPECT_EQ(statusOf(port, get("/metrics")), 401);
    EXPECT_EQ(statusOf(port, get("/metrics", bearer)), 200);
    EXPECT_EQ(statusOf(port, get("/no/such/path")), 401); // the routes are not shown either
    EXPECT_EQ(statusOf(port, get("/no/such/path", bearer)), 404);
    // Liveness stays open, for load balancers and supervisors.
    EXPECT_EQ(statusOf(port, get("/api/v1/healthcheck")), 200);

    RawConnection connection(port);
    ASSERT_TRUE(connection.send(get("/api/v1/trades/AAPL")));
    const QByteArray answer = connection.readAnswer();
    EXPECT_EQ(RawConnection::status(answer), 401);
    EXPECT_TRUE(RawConnection::body(answer).contains("service token is required")) << answer.toStdString();
    EXPECT_TRUE(answer.contains("WWW-Authenticate: Bearer")) << answer.toStdString();
}

TEST(ServiceToken, ThePlatformRelaysWithTheToken) {
    Exposed processor(QStringLiteral("order-processor"));
    Exposed analytics(QStringLiteral("user-analytics"), {QStringLiteral("--brokers"), processor.process.brokers()});
    ASSERT_TRUE(waitUntil([&] {
        return statusOf(processor.process.port(), get("/api/v1/book/AAPL", "Bearer " + kToken.toUtf8())) == 200;
    })) << "the processor owns the partitions of orders";
    const auto platformArguments = [&](const QString& dataDir) {
        return QStringList{QStringLiteral("platform-api"),
                           QStringLiteral("--port"),
                           QStringLiteral("0"),
                           QStringLiteral("--data-dir"),
                           dataDir,
                           QStringLiteral("--brokers"),
                           processor.process.brokers(),
                           QStringLiteral("--no-market-maker"),
                           QStringLiteral("--order-processor-url"),
                           processor.process.baseUrl(),
                           QStringLiteral("--user-analytics-url"),
                           analytics.process.baseUrl()};
    };
    QTemporaryDir withDir, withoutDir;
    BackendProcess with(platformArguments(withDir.path()));
    with.setEnvironment({{QStringLiteral("KSE_SERVICE_TOKEN"), kToken}});
    with.start();
    BackendProcess without(platformArguments(withoutDir.path()));
    without.setEnvironment({{QStringLiteral("KSE_SERVICE_TOKEN"), QString()}});
    without.start();

    for (BackendProcess* platform : {&with, &without}) {
        HttpClient http(platform->baseUrl());
        ASSERT_EQ(
            http.post(QStringLiteral("/api/v1/users"), R"({"username":"relay","password":"relay-password"})").status,
            201);
        const auto login =
            http.post(QStringLiteral("/api/v1/login"), R"({"username":"relay","password":"relay-password"})");
        ASSERT_EQ(login.status, 200) << login.body.toStdString();
        const QByteArray token = login.body.mid(login.body.indexOf(R"("token":")") + 9).split('"').front();
        http.setBearer(token);
        const auto book = http.get(QStringLiteral("/api/v1/book/AAPL"));
        const auto summary = http.get(QStringLiteral("/api/v1/analytics/summary"));
        if (platform == &with) {
            EXPECT_EQ(book.status, 200) << book.body.toStdString();
            EXPECT_TRUE(book.body.contains(R"("symbol":"AAPL")")) << book.body.toStdString();
            EXPECT_EQ(summary.status, 200) << summary.body.toStdString();
            EXPECT_TRUE(summary.body.contains(R"("active_users")")) << summary.body.toStdString();
        } else { // refused by both services: the user sees them unavailable, never their 401
            EXPECT_EQ(book.status, 503) << book.body.toStdString();
            EXPECT_EQ(summary.status, 503) << summary.body.toStdString();
        }
    }
    EXPECT_EQ(with.terminate(), 0);
    EXPECT_EQ(without.terminate(), 0);
}

TEST(ServiceToken, AllExposesOnlyThePlatformApi) {
    QTemporaryDir dir;
    BackendProcess all({QStringLiteral("all"), QStringLiteral("--bind"), QStringLiteral("0.0.0.0"),
                        QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--data-dir"), dir.path(),
                        QStringLiteral("--no-market-maker")});
    all.setEnvironment({{QStringLiteral("KSE_SERVICE_TOKEN"), QString()},
                        {QStringLiteral("KSE_ADMIN_PASSWORD"), QStringLiteral("adminpass1")}});
    all.start();
    const QString output = all.output();
    EXPECT_TRUE(output.contains(QStringLiteral("http: platform-api listening on 0.0.0.0:"))) << output.toStdString();
    for (const QString& service : {QStringLiteral("stock-ingestor"), QStringLiteral("stock-aggregator"),
                                   QStringLiteral("order-processor"), QStringLiteral("user-analytics")}) {
        EXPECT_TRUE(output.contains(QStringLiteral("http: %1 listening on 127.0.0.1:").arg(service)))
            << output.toStdString();
        // On loopback they answer without a token, as before.
        EXPECT_EQ(statusOf(all.port(service), get("/metrics")), 200) << service.toStdString();
    }
    // The config still lists where each service is.
    HttpClient http(all.baseUrl(QStringLiteral("platform-api")));
    const auto config = http.get(QStringLiteral("/api/v1/config"));
    EXPECT_TRUE(config.body.contains(QStringLiteral(R"("stock-ingestor":"http://127.0.0.1:%1")")
                                         .arg(all.port(QStringLiteral("stock-ingestor")))
                                         .toUtf8()))
        << config.body.toStdString();
    EXPECT_EQ(all.terminate(), 0);
}

} // namespace
} // namespace kse::test
