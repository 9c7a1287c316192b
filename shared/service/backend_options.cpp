#include "service/backend_options.h"

#include "domain/tick.h"
#include "kafka/kafka_client_config.h"
#include "service/layered_arguments.h"
#include "service/printed_config.h"

#include <QCommandLineParser>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHostInfo>
#include <QUrl>
#include <algorithm>
#include <stdexcept>

namespace kse {
namespace {

CommandLine usageError(const QString& message) {
    return {std::nullopt, QStringLiteral("kse-backend: %1\nTry 'kse-backend --help'.\n").arg(message), 2};
}

constexpr qsizetype kMaxInstances = 16; // order processors one platform may ask
constexpr qsizetype kMinTokenLength = 16;
constexpr qsizetype kMaxTokenLength = 4096;

// What is wrong with a service token, or nothing. It travels in a header: visible ASCII only.
std::optional<QString> tokenError(const QByteArray& token) {
    if (token.size() < kMinTokenLength || token.size() > kMaxTokenLength)
        return QStringLiteral("must be %1 to %2 characters").arg(kMinTokenLength).arg(kMaxTokenLength);
    if (!std::all_of(token.begin(), token.end(), [](char c) { return c > 0x20 && c < 0x7f; }))
        return QStringLiteral("may hold only visible ASCII characters (no spaces)");
    return std::nullopt;
}

// --http-limits connections=N,per-client=N,request-timeout-ms=N,idle-timeout-ms=N (any of them).
std::optional<QString> parseHttpLimits(const QString& spec, HttpLimits& limits) {
    struct Key {
        const char* name;
        int* target;
        int min;
        int max;
    };
    const Key keys[] = {{"connections", &limits.maxConnections, 1, 1'000'000},
                        {"per-client", &limits.maxConnectionsPerClient, 1, 1'000'000},
                        {"request-timeout-ms", &limits.requestTimeoutMs, 50, 3'600'000},
                        {"idle-timeout-ms", &limits.idleTimeoutMs, 50, 3'600'000}};
    for (const QString& item : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString name = item.section(QLatin1Char('='), 0, 0).trimmed();
        const auto key =
            std::find_if(std::begin(keys), std::end(keys), [&](const Key& k) { return name == QLatin1String(k.name); });
        if (key == std::end(keys))
            return QStringLiteral("unknown key '%1' (connections, per-client, request-timeout-ms, idle-timeout-ms)")
                .arg(name);
        bool ok = false;
        const int value = item.section(QLatin1Char('='), 1).trimmed().toInt(&ok);
        if (!ok || value < key->min || value > key->max)
            return QStringLiteral("%1 must be a number from %2 to %3").arg(name).arg(key->min).arg(key->max);
        *key->target = value;
    }
    return std::nullopt;
}

} // namespace

bool isInternalService(const QString& service) { return service != QStringLiteral("platform-api"); }

QHostAddress listenAddress(const BackendOptions& options, const QString& service) {
    if (options.service == QStringLiteral("all") && isInternalService(service))
        return QHostAddress(QHostAddress::LocalHost);
    return QHostAddress(options.bind);
}

HttpEndpoint::Options endpointOptions(const BackendOptions& options, const QString& service) {
    HttpEndpoint::Options endpoint;
    endpoint.limits = options.httpLimits;
    endpoint.internal = isInternalService(service);
    if (service == QStringLiteral("platform-api"))
        endpoint.threads = options.httpThreads.value_or(4);
    else if (service == QStringLiteral("stock-ingestor"))
        endpoint.threads = options.httpThreads.value_or(16);
    if (endpoint.internal)
        endpoint.serviceToken = options.serviceToken;
    endpoint.warnings = options.topicWarnings;
    return endpoint;
}

QStringList availableServices() {
    return {QStringLiteral("platform-api"), QStringLiteral("user-analytics"), QStringLiteral("stock-ingestor"),
            QStringLiteral("stock-aggregator"), QStringLiteral("order-processor")};
}

std::string databasePath(const BackendOptions& options, const QString& fileName) {
    QDir dir(options.dataDir);
    if (!dir.mkpath(QStringLiteral(".")))
        throw std::runtime_error("cannot create the data directory " + options.dataDir.toStdString());
    return dir.filePath(fileName).toStdString();
}

std::string memberIdentity(const BackendOptions& options, const QString& service) {
    const QString where = QHostInfo::localHostName() + QLatin1Char(':') + QDir(options.dataDir).canonicalPath();
    const QByteArray hash = QCryptographicHash::hash(where.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
    return "kse-" + service.toStdString() + "-" + hash.toStdString();
}

CommandLine parseBackendCommandLine(const QStringList& arguments, const QProcessEnvironment& environment) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("KSE backend daemons. SERVICE is one of: %1, or all (every service in one process).")
            .arg(availableServices().join(QStringLiteral(", "))));
    parser.addPositionalArgument(QStringLiteral("SERVICE"), QStringLiteral("The service to run."));
    const QCommandLineOption brokers(QStringLiteral("brokers"),
                                     QStringLiteral("Kafka bootstrap servers (env KSE_BROKERS). Absent: host an "
                                                    "embedded cluster."),
                                     QStringLiteral("HOST:PORT[,...]"));
    const QCommandLineOption kafkaConfig(
        QStringLiteral("kafka-config"),
        QStringLiteral("librdkafka properties for every Kafka client, key=value lines (env KSE_KAFKA_CONFIG): "
                       "security and tuning; its bootstrap.servers names the brokers when --brokers does not."),
        QStringLiteral("FILE"));
    const QCommandLineOption replicationFactor(
        QStringLiteral("replication-factor"),
        QStringLiteral("Replication factor of the topics created on a real cluster (default: 3, or the brokers "
                       "there are when fewer)."),
        QStringLiteral("N"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("HTTP port (0: any free port)."),
                                  QStringLiteral("N"));
    const QCommandLineOption bind(QStringLiteral("bind"),
                                  QStringLiteral("Listen address (default 127.0.0.1). 'all' listens there with "
                                                 "the platform API only; its other services stay on 127.0.0.1."),
                                  QStringLiteral("ADDR"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("Where SQLite files live (env KSE_DATA_DIR)."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption partitions(QStringLiteral("partitions"),
                                        QStringLiteral("Partitions of the topics this service creates (default 6)."),
                                        QStringLiteral("N"), QStringLiteral("6"));
    const QCommandLineOption simulate(QStringLiteral("simulate"),
                                      QStringLiteral("Run the market simulator (stock-ingestor): a comma-separated "
                                                     "list of symbols, or how many."),
                                      QStringLiteral("SYMBOLS|COUNT"));
    const QCommandLineOption rate(QStringLiteral("rate"),
                                  QStringLiteral("Simulated ticks per second over all symbols (default 50)."),
                                  QStringLiteral("TICKS_PER_S"), QStringLiteral("50"));
    const QCommandLineOption logLevel(QStringLiteral("log-level"),
                                      QStringLiteral("debug, info, warning or error (default info)."),
                                      QStringLiteral("LEVEL"), QStringLiteral("info"));
    const QCommandLineOption createAdmin(QStringLiteral("create-admin"),
                                         QStringLiteral("platform-api: make NAME an admin first (password from env "
                                                        "KSE_ADMIN_PASSWORD, else one line on stdin)."),
                                         QStringLiteral("NAME"));
    const QCommandLineOption orderProcessorUrl(
        QStringLiteral("order-processor-url"),
        QStringLiteral("platform-api: the order processors' HTTP APIs, for order books: one URL per instance, "
                       "comma-separated, each asked in turn (default http://127.0.0.1:8084)."),
        QStringLiteral("URL[,...]"));
    const QCommandLineOption userAnalyticsUrl(
        QStringLiteral("user-analytics-url"),
        QStringLiteral("platform-api: the user-analytics HTTP APIs, for analytics: one URL per instance, "
                       "comma-separated, their answers merged (default http://127.0.0.1:8081)."),
        QStringLiteral("URL[,...]"));
    const QCommandLineOption noMarketMaker(
        QStringLiteral("no-market-maker"),
        QStringLiteral("platform-api: do not run the market-maker account that quotes every symbol."));
    const QCommandLineOption serviceTokenFile(
        QStringLiteral("service-token-file"),
        QStringLiteral("The service token, read from FILE (else env KSE_SERVICE_TOKEN): internal services "
                       "bound beyond loopback require it as 'Authorization: Bearer TOKEN'; the platform API "
                       "sends it to the services it asks."),
        QStringLiteral("FILE"));
    const QCommandLineOption httpLimits(
        QStringLiteral("http-limits"),
        QStringLiteral("Connection limits of every HTTP port: connections=N (default 512), per-client=N (64), "
                       "request-timeout-ms=N (10000), idle-timeout-ms=N (30000), comma-separated."),
        QStringLiteral("KEY=N[,...]"));
    const QCommandLineOption hashRate(
        QStringLiteral("hash-rate"),
        QStringLiteral("platform-api: password hashes per second for sign-ups and logins, all clients together "
                       "(default 20, in bursts of up to twice that; beyond: 503). Raise it with the cores."),
        QStringLiteral("N"));
    const QCommandLineOption httpThreads(
        QStringLiteral("http-threads"),
        QStringLiteral("platform-api, stock-ingestor: threads serving HTTP on its port (default 4 for the "
                       "platform, 16 for the ingestor, at most 64; 1 serves on the service's own thread)."),
        QStringLiteral("N"));
    const QCommandLineOption config(
        QStringLiteral("config"),
        QStringLiteral("Settings from FILE (env KSE_CONFIG): 'option = value' lines, the long options without their "
                       "dashes (a switch: true or false). The command line wins over the environment (KSE_OPTION, "
                       "e.g. KSE_LOG_LEVEL), which wins over the file."),
        QStringLiteral("FILE"));
    const QCommandLineOption printConfig(
        QStringLiteral("print-config"),
        QStringLiteral("Print the settings in effect, as --config reads them, secrets not shown; then exit."));
    const QList<QCommandLineOption> layered{
        brokers,     kafkaConfig,       replicationFactor, port,          bind,
        dataDir,     partitions,        simulate,          rate,          logLevel,
        createAdmin, orderProcessorUrl, userAnalyticsUrl,  noMarketMaker, serviceTokenFile,
        httpLimits,  hashRate,          httpThreads};
    parser.addOptions(layered);
    parser.addOptions({config, printConfig});
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();

    const auto layers = layeredArguments(arguments, environment, layered);
    if (!layers)
        return usageError(QString::fromStdString(layers.error()));
    if (!parser.parse(layers.value().arguments))
        return usageError(parser.errorText());
    if (parser.isSet(help))
        return {std::nullopt, parser.helpText(), 0};
    if (parser.isSet(version))
        return {std::nullopt, QStringLiteral("kse-backend %1\n").arg(QStringLiteral(KSE_VERSION)), 0};

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usageError(QStringLiteral("expected exactly one SERVICE"));
    BackendOptions options;
    options.service = positional.front();
    if (options.service != QStringLiteral("all") && !availableServices().contains(options.service))
        return usageError(QStringLiteral("unknown service '%1' (available: %2, all)")
                              .arg(options.service, availableServices().join(QStringLiteral(", "))));

    options.brokers = parser.value(brokers);
    options.kafkaConfigPath = parser.value(kafkaConfig);
    if (!options.kafkaConfigPath.isEmpty()) {
        const auto kafka = KafkaClientConfig::load(options.kafkaConfigPath.toStdString());
        if (!kafka)
            return usageError(QStringLiteral("--kafka-config: %1").arg(QString::fromStdString(kafka.error())));
        options.kafkaProperties = kafka.value().properties;
        if (options.brokers.isEmpty())
            options.brokers = QString::fromStdString(kafka.value().brokers);
    }
    options.dataDir = parser.value(dataDir);
    options.bind = parser.value(bind);
    options.marketMaker = !parser.isSet(noMarketMaker);
    const auto httpUrl = [](const QString& text) {
        const QUrl url(text, QUrl::StrictMode);
        return url.isValid() && url.scheme() == QStringLiteral("http") && !url.host().isEmpty();
    };
    const auto urlList = [&](const QCommandLineOption& option, QStringList& urls) {
        if (!parser.isSet(option))
            return true;
        urls = parser.value(option).split(QLatin1Char(','));
        return urls.size() <= kMaxInstances && std::all_of(urls.cbegin(), urls.cend(), httpUrl);
    };
    if (!urlList(orderProcessorUrl, options.orderProcessorUrls))
        return usageError(
            QStringLiteral("--order-processor-url must be 1 to %1 comma-separated http:// URLs").arg(kMaxInstances));
    if (!urlList(userAnalyticsUrl, options.userAnalyticsUrls))
        return usageError(
            QStringLiteral("--user-analytics-url must be 1 to %1 comma-separated http:// URLs").arg(kMaxInstances));

    if (parser.isSet(port)) {
        bool ok = false;
        const uint value = parser.value(port).toUInt(&ok);
        if (!ok || value > 65535)
            return usageError(QStringLiteral("--port must be a number from 0 to 65535"));
        if (options.service == QStringLiteral("all") && value != 0)
            return usageError(QStringLiteral("'all' uses every service's default port, or free ones with --port 0"));
        options.port = static_cast<quint16>(value);
    }
    bool ok = false;
    if (parser.isSet(replicationFactor)) {
        options.replicationFactor = parser.value(replicationFactor).toInt(&ok);
        if (!ok || options.replicationFactor < 1 || options.replicationFactor > 16)
            return usageError(QStringLiteral("--replication-factor must be a number from 1 to 16"));
    }
    options.partitions = parser.value(partitions).toInt(&ok);
    if (!ok || options.partitions < 1 || options.partitions > 1000)
        return usageError(QStringLiteral("--partitions must be a number from 1 to 1000"));

    if (parser.isSet(simulate)) {
        if (options.service != QStringLiteral("stock-ingestor") && options.service != QStringLiteral("all"))
            return usageError(QStringLiteral("--simulate belongs to the stock-ingestor"));
        const QString value = parser.value(simulate);
        const int count = value.toInt(&ok);
        if (ok) {
            if (count < 1 || count > 10'000)
                return usageError(QStringLiteral("--simulate COUNT must be from 1 to 10000"));
            options.simulateCount = count;
        } else {
            for (const QString& symbol : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                if (auto error = symbolError(symbol.trimmed().toStdString()))
                    return usageError(
                        QStringLiteral("--simulate: '%1': %2").arg(symbol, QString::fromStdString(*error)));
                options.simulateSymbols.append(symbol.trimmed());
            }
            if (options.simulateSymbols.isEmpty())
                return usageError(QStringLiteral("--simulate needs symbols or a count"));
        }
    }
    options.simulateRate = parser.value(rate).toDouble(&ok);
    if (!ok || options.simulateRate <= 0 || options.simulateRate > 10'000'000)
        return usageError(QStringLiteral("--rate must be a positive number of ticks per second"));

    if (parser.isSet(createAdmin)) {
        if (options.service != QStringLiteral("platform-api") && options.service != QStringLiteral("all"))
            return usageError(QStringLiteral("--create-admin belongs to the platform-api"));
        options.createAdmin = parser.value(createAdmin);
    }
    options.adminPassword = environment.value(QStringLiteral("KSE_ADMIN_PASSWORD"));

    if (parser.isSet(serviceTokenFile)) {
        options.serviceTokenFile = parser.value(serviceTokenFile);
        QFile file(options.serviceTokenFile);
        if (!file.open(QIODevice::ReadOnly))
            return usageError(QStringLiteral("--service-token-file: cannot read %1").arg(file.fileName()));
        options.serviceToken = file.read(kMaxTokenLength + 2).trimmed();
        if (auto error = tokenError(options.serviceToken))
            return usageError(QStringLiteral("--service-token-file: the token %1").arg(*error));
    } else if (!environment.value(QStringLiteral("KSE_SERVICE_TOKEN")).isEmpty()) {
        options.serviceToken = environment.value(QStringLiteral("KSE_SERVICE_TOKEN")).toUtf8().trimmed();
        if (auto error = tokenError(options.serviceToken))
            return usageError(QStringLiteral("KSE_SERVICE_TOKEN %1").arg(*error));
    }
    const QHostAddress address(options.bind);
    if (address.isNull())
        return usageError(QStringLiteral("--bind must be an IP address"));
    if (options.service != QStringLiteral("all") && isInternalService(options.service) && !address.isLoopback() &&
        options.serviceToken.isEmpty())
        return usageError(QStringLiteral("%1 listens beyond loopback (%2) only with a service token: set "
                                         "KSE_SERVICE_TOKEN or --service-token-file")
                              .arg(options.service, options.bind));
    if (parser.isSet(httpLimits))
        if (auto error = parseHttpLimits(parser.value(httpLimits), options.httpLimits))
            return usageError(QStringLiteral("--http-limits: %1").arg(*error));
    if (parser.isSet(hashRate)) {
        bool number = false;
        options.hashRate = parser.value(hashRate).toInt(&number);
        if (!number || options.hashRate < 1 || options.hashRate > 10'000)
            return usageError(QStringLiteral("--hash-rate must be a whole number from 1 to 10000"));
    }
    if (parser.isSet(httpThreads)) {
        bool number = false;
        options.httpThreads = parser.value(httpThreads).toInt(&number);
        if (!number || *options.httpThreads < 1 || *options.httpThreads > 64)
            return usageError(QStringLiteral("--http-threads must be a whole number from 1 to 64"));
    }

    const auto level = parseLogLevel(parser.value(logLevel).toStdString());
    if (!level)
        return usageError(QStringLiteral("--log-level must be debug, info, warning or error"));
    options.logLevel = *level;
    if (parser.isSet(printConfig))
        return {std::nullopt, printedConfig(options), 0};
    return {options, {}, 0};
}

} // namespace kse
