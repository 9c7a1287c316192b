#pragma once

#include <QHostAddress>
#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <map>
#include <optional>
#include <string>

#include "http/http_endpoint.h"
#include "http/http_limits.h"
#include "log/logger.h"

namespace kse {

// What `kse-backend` was asked to do (docs/operations.md, "`kse-backend SERVICE [options]`").
struct BackendOptions {
    QString service; // one of availableServices() or "all"
    QString brokers; // empty: host an embedded cluster
    // --kafka-config (env KSE_KAFKA_CONFIG): librdkafka properties for every Kafka client.
    QString kafkaConfigPath;
    std::map<std::string, std::string> kafkaProperties;
    std::optional<quint16> port;
    QString bind = QStringLiteral("127.0.0.1");
    QString dataDir; // empty: the per-user data directory
    int partitions = 6;
    // --simulate: a market simulator feeds these symbols, or this many well-known ones.
    QStringList simulateSymbols;
    int simulateCount = 0;
    double simulateRate = 50.0; // ticks per second over all symbols
    LogLevel logLevel = LogLevel::Info;
    QString createAdmin;   // --create-admin NAME
    QString adminPassword; // KSE_ADMIN_PASSWORD
    // platform-api: where the services it relays to listen (`all` points them at its own).
    // Every order processor instance the platform may ask for a book (each answers for the
    // symbols of its own partitions).
    QStringList orderProcessorUrls = {QStringLiteral("http://127.0.0.1:8084")};
    QStringList userAnalyticsUrls = {QStringLiteral("http://127.0.0.1:8081")};
    bool marketMaker = true; // platform-api: run the demo's market-maker account
    int hashRate = 20;       // platform-api: password hashes per second, all clients together
    // platform-api and stock-ingestor: threads serving HTTP (unset: each service's default).
    // More than the cores pays: a thread waits while its order's group commit is written, or its
    // ticks' delivery reports come.
    std::optional<int> httpThreads;
    // `all`: where each service of the process listens, for GET /api/v1/config (monitors).
    QMap<QString, QString> serviceUrls;
    // The token internal services ask for beyond loopback and the platform API sends on its
    // relays (env KSE_SERVICE_TOKEN or --service-token-file); empty: none.
    QByteArray serviceToken;
    QString serviceTokenFile; // where it was read from; empty: the environment, or none
    HttpLimits httpLimits;    // --http-limits
    // --replication-factor: of the topics created on a real cluster (0: min(3, its brokers)).
    int replicationFactor = 0;
    // What the topics of a real cluster fall short of, found at start: warnings on every
    // service's GET /api/v1/healthcheck.
    QStringList topicWarnings;
};

// The result of reading the command line: options to run with, or text to print and an exit code
// (help, version, or a usage error).
struct CommandLine {
    std::optional<BackendOptions> options;
    QString output;
    int exitCode = 0;
};

QStringList availableServices();

// The path of a service's SQLite file in the data directory, which is created if need be.
std::string databasePath(const BackendOptions& options, const QString& fileName);

// A stable identity for one member of a service's consumer group: it follows the data
// directory (one member, one SQLite file), so a restart — even after kill -9 — is recognised as
// the same member and two members never share one. Used as group.instance.id (and as the
// order processor's transactional.id).
std::string memberIdentity(const BackendOptions& options, const QString& service);
CommandLine parseBackendCommandLine(const QStringList& arguments, const QProcessEnvironment& environment);

// Every service but the platform API, which is the public gateway.
bool isInternalService(const QString& service);
// Where `service` listens: the --bind address, except that `all` keeps its internal services on
// loopback and exposes only the platform API there.
QHostAddress listenAddress(const BackendOptions& options, const QString& service);
// How `service`'s HTTP endpoint is set up from the options: limits and the service token.
HttpEndpoint::Options endpointOptions(const BackendOptions& options, const QString& service);

} // namespace kse
