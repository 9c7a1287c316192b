// `kse-bench-bare-http PORT`: the fastest answer QtHttpServer can give to the ingestor's route,
// so the ingestor's throughput can be stated as a share of it, measured in the same run.
#include <QCoreApplication>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <cstdio>

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fputs("usage: kse-bench-bare-http PORT\n", stderr);
        return 2;
    }
    QHttpServer server;
    server.route(QStringLiteral("/api/v1/stock"), QHttpServerRequest::Method::Post, [](const QHttpServerRequest&) {
        return QHttpServerResponse(QByteArrayLiteral("application/json"),
                                   QByteArrayLiteral(R"({"message":"Successfully added stock."})"),
                                   QHttpServerResponse::StatusCode::Created);
    });
    const auto port = server.listen(QHostAddress::LocalHost, static_cast<quint16>(std::atoi(argv[1])));
    if (port == 0) {
        std::fputs("kse-bench-bare-http: cannot listen\n", stderr);
        return 1;
    }
    std::printf("http: bare listening on 127.0.0.1:%u\n", port);
    std::fflush(stdout);
    return app.exec();
}
