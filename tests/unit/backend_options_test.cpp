#include "service/backend_options.h"

#include <QTemporaryDir>
#include <gtest/gtest.h>

#include "support/scratch_dir.h"

namespace {

kse::CommandLine parse(QStringList arguments, const QProcessEnvironment& environment = {}) {
    arguments.prepend(QStringLiteral("kse-backend"));
    return kse::parseBackendCommandLine(arguments, environment);
}

QProcessEnvironment tokenEnvironment() {
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("KSE_SERVICE_TOKEN"), QStringLiteral("0123456789abcdef-token"));
    return environment;
}

} // namespace

TEST(BackendOptions, Defaults) {
    const auto result = parse({QStringLiteral("stock-ingestor")});
    ASSERT_TRUE(result.options) << result.output.toStdString();
    const auto& options = *result.options;
    EXPECT_EQ(options.service, QStringLiteral("stock-ingestor"));
    EXPECT_TRUE(options.brokers.isEmpty()); // embedded cluster
    EXPECT_FALSE(options.port.has_value());
    EXPECT_EQ(options.bind, QStringLiteral("127.0.0.1"));
    EXPECT_EQ(options.partitions, 6);
    EXPECT_TRUE(options.simulateSymbols.isEmpty());
    EXPECT_EQ(options.simulateCount, 0);
}

TEST(BackendOptions, EveryOption) {
    const auto result = parse(
        {QStringLiteral("stock-ingestor"), QStringLiteral("--brokers"), QStringLiteral("a:1,b:2"),
         QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--bind"), QStringLiteral("0.0.0.0"),
         QStringLiteral("--data-dir"), QStringLiteral("/tmp/x"), QStringLiteral("--partitions"), QStringLiteral("12"),
         QStringLiteral("--simulate"), QStringLiteral("AAPL,MSFT"), QStringLiteral("--rate"), QStringLiteral("1000"),
         QStringLiteral("--log-level"), QStringLiteral("debug"), QStringLiteral("--http-limits"),
         QStringLiteral("connections=100,per-client=5,request-timeout-ms=500,idle-timeout-ms=700")},
        tokenEnvironment());
    ASSERT_TRUE(result.options) << result.output.toStdString();
    const auto& options = *result.options;
    EXPECT_EQ(options.brokers, QStringLiteral("a:1,b:2"));
    EXPECT_EQ(options.port, 0);
    EXPECT_EQ(options.bind, QStringLiteral("0.0.0.0"));
    EXPECT_EQ(options.dataDir, QStringLiteral("/tmp/x"));
    EXPECT_EQ(options.partitions, 12);
    EXPECT_EQ(options.simulateSymbols, (QStringList{QStringLiteral("AAPL"), QStringLiteral("MSFT")}));
    EXPECT_EQ(options.simulateRate, 1000.0);
    EXPECT_EQ(options.logLevel, kse::LogLevel::Debug);
    EXPECT_EQ(options.serviceToken, QByteArray("0123456789abcdef-token"));
    EXPECT_EQ(options.httpLimits.maxConnections, 100);
    EXPECT_EQ(options.httpLimits.maxConnectionsPerClient, 5);
    EXPECT_EQ(options.httpLimits.requestTimeoutMs, 500);
    EXPECT_EQ(options.httpLimits.idleTimeoutMs, 700);
    EXPECT_EQ(options.httpLimits.maxBodyBytes, 1024 * 1024); // not an option: the routes' limit
}

TEST(BackendOptions, HttpLimitsDefaults) {
    const auto result = parse({QStringLiteral("all")});
    ASSERT_TRUE(result.options);
    const kse::HttpLimits& limits = result.options->httpLimits;
    EXPECT_EQ(limits.maxRequestLineBytes, 8 * 1024);
    EXPECT_EQ(limits.maxHeaderLineBytes, 8 * 1024);
    EXPECT_EQ(limits.maxHeadBytes, 32 * 1024);
    EXPECT_EQ(limits.maxHeaderFields, 100);
    EXPECT_EQ(limits.maxBodyBytes, 1024 * 1024);
    EXPECT_EQ(limits.requestTimeoutMs, 10'000);
    EXPECT_EQ(limits.idleTimeoutMs, 30'000);
    EXPECT_EQ(limits.maxConnections, 512);
    EXPECT_EQ(limits.maxConnectionsPerClient, 64);
    EXPECT_TRUE(result.options->serviceToken.isEmpty());
}

TEST(BackendOptions, ServiceTokenFromAFileOrTheEnvironment) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("token"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("file-token-0123456789\n");
    file.close();
    const auto fromFile = parse({QStringLiteral("user-analytics"), QStringLiteral("--service-token-file"), path});
    ASSERT_TRUE(fromFile.options) << fromFile.output.toStdString();
    EXPECT_EQ(fromFile.options->serviceToken, QByteArray("file-token-0123456789"));
    const auto fromEnvironment = parse({QStringLiteral("user-analytics")}, tokenEnvironment());
    EXPECT_EQ(fromEnvironment.options->serviceToken, QByteArray("0123456789abcdef-token"));
    const auto fileWins =
        parse({QStringLiteral("user-analytics"), QStringLiteral("--service-token-file"), path}, tokenEnvironment());
    EXPECT_EQ(fileWins.options->serviceToken, QByteArray("file-token-0123456789"));
}

TEST(BackendOptions, KafkaClientPropertiesFromAFile) {
    const kse::test::ScratchDir dir("kafka-config");
    const auto write = [&](const std::string& name, const QByteArray& text) {
        return QString::fromStdString(dir.write(name, text.toStdString()));
    };
    const QString secured = write("secured.properties",
                                  "# a managed cluster\nbootstrap.servers=k1:9093,k2:9093\nsecurity.protocol=SASL_SSL\n"
                                  "sasl.mechanism=SCRAM-SHA-512\nsasl.username=kse\nsasl.password=secret\n");
    const std::map<std::string, std::string> expected{{"security.protocol", "SASL_SSL"},
                                                      {"sasl.mechanism", "SCRAM-SHA-512"},
                                                      {"sasl.username", "kse"},
                                                      {"sasl.password", "secret"}};
    // The file's brokers when nothing else names them; --brokers and KSE_BROKERS win.
    const auto fromFile = parse({QStringLiteral("stock-ingestor"), QStringLiteral("--kafka-config"), secured});
    ASSERT_TRUE(fromFile.options) << fromFile.output.toStdString();
    EXPECT_EQ(fromFile.options->brokers, QStringLiteral("k1:9093,k2:9093"));
    EXPECT_EQ(fromFile.options->kafkaProperties, expected);
    const auto flagWins = parse({QStringLiteral("stock-ingestor"), QStringLiteral("--kafka-config"), secured,
                                 QStringLiteral("--brokers"), QStringLiteral("other:9092")});
    EXPECT_EQ(flagWins.options->brokers, QStringLiteral("other:9092"));
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("KSE_KAFKA_CONFIG"), secured);
    environment.insert(QStringLiteral("KSE_BROKERS"), QStringLiteral("env:9092"));
    const auto fromEnvironment = parse({QStringLiteral("stock-ingestor")}, environment);
    ASSERT_TRUE(fromEnvironment.options);
    EXPECT_EQ(fromEnvironment.options->brokers, QStringLiteral("env:9092"));
    EXPECT_EQ(fromEnvironment.options->kafkaProperties, expected);
    EXPECT_TRUE(parse({QStringLiteral("stock-ingestor")}).options->kafkaProperties.empty());

    // Refused at start, exit 2, saying why: a guarantee's setting, a property librdkafka does not
    // know or a value it refuses, a malformed line, a missing file.
    const std::map<QString, QByteArray> refused{
        {QStringLiteral("KSE's to set"), "security.protocol=SSL\nenable.idempotence=false\n"},
        {QStringLiteral("no.such.property"), "no.such.property=1\n"},
        {QStringLiteral("security.protocol"), "security.protocol=CARRIER_PIGEON\n"},
        {QStringLiteral("line 2"), "linger.ms=1\nnot a setting\n"}};
    int n = 0;
    for (const auto& [reason, text] : refused) {
        const auto result =
            parse({QStringLiteral("all"), QStringLiteral("--kafka-config"), write("bad" + std::to_string(++n), text)});
        EXPECT_FALSE(result.options) << text.toStdString();
        EXPECT_EQ(result.exitCode, 2);
        EXPECT_TRUE(result.output.contains(reason)) << result.output.toStdString();
    }
    const auto missing =
        parse({QStringLiteral("all"), QStringLiteral("--kafka-config"), QString::fromStdString(dir.file("none"))});
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_TRUE(missing.output.contains(QLatin1String("cannot read"))) << missing.output.toStdString();
}

TEST(BackendOptions, InternalServicesBeyondLoopbackNeedAToken) {
    const QStringList beyond{QStringLiteral("--bind"), QStringLiteral("0.0.0.0")};
    for (const QString& service : {QStringLiteral("stock-ingestor"), QStringLiteral("stock-aggregator"),
                                   QStringLiteral("order-processor"), QStringLiteral("user-analytics")}) {
        const auto refused = parse(QStringList{service} + beyond);
        EXPECT_FALSE(refused.options) << service.toStdString();
        EXPECT_EQ(refused.exitCode, 2);
        EXPECT_TRUE(refused.output.contains(QStringLiteral("only with a service token")))
            << refused.output.toStdString();
        EXPECT_TRUE(parse(QStringList{service} + beyond, tokenEnvironment()).options) << service.toStdString();
        EXPECT_TRUE(parse({service, QStringLiteral("--bind"), QStringLiteral("::1")}).options); // loopback
    }
    // The public gateway needs none; nor does `all`, which keeps its internal services on loopback.
    EXPECT_TRUE(parse(QStringList{QStringLiteral("platform-api")} + beyond).options);
    const auto all = parse(QStringList{QStringLiteral("all")} + beyond);
    ASSERT_TRUE(all.options);
    EXPECT_EQ(kse::listenAddress(*all.options, QStringLiteral("platform-api")),
              QHostAddress(QStringLiteral("0.0.0.0")));
    for (const QString& service : {QStringLiteral("stock-ingestor"), QStringLiteral("user-analytics")})
        EXPECT_EQ(kse::listenAddress(*all.options, service), QHostAddress(QHostAddress::LocalHost));
    const auto alone = parse(QStringList{QStringLiteral("user-analytics")} + beyond, tokenEnvironment());
    EXPECT_EQ(kse::listenAddress(*alone.options, QStringLiteral("user-analytics")),
              QHostAddress(QStringLiteral("0.0.0.0")));
    // The token goes to internal endpoints only: the platform API has its users' tokens.
    EXPECT_TRUE(kse::endpointOptions(*alone.options, QStringLiteral("user-analytics")).internal);
    EXPECT_EQ(kse::endpointOptions(*alone.options, QStringLiteral("user-analytics")).serviceToken,
              QByteArray("0123456789abcdef-token"));
    EXPECT_FALSE(kse::endpointOptions(*alone.options, QStringLiteral("platform-api")).internal);
    EXPECT_TRUE(kse::endpointOptions(*alone.options, QStringLiteral("platform-api")).serviceToken.isEmpty());
}

TEST(BackendOptions, EnvironmentGivesBrokersAndDataDir) {
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("KSE_BROKERS"), QStringLiteral("k:9092"));
    environment.insert(QStringLiteral("KSE_DATA_DIR"), QStringLiteral("/data"));
    const auto result = parse({QStringLiteral("all")}, environment);
    ASSERT_TRUE(result.options);
    EXPECT_EQ(result.options->brokers, QStringLiteral("k:9092"));
    EXPECT_EQ(result.options->dataDir, QStringLiteral("/data"));
    const auto flagWins =
        parse({QStringLiteral("all"), QStringLiteral("--brokers"), QStringLiteral("f:1")}, environment);
    EXPECT_EQ(flagWins.options->brokers, QStringLiteral("f:1"));
}

TEST(BackendOptions, SimulateCount) {
    const auto result = parse({QStringLiteral("all"), QStringLiteral("--simulate"), QStringLiteral("20")});
    ASSERT_TRUE(result.options);
    EXPECT_EQ(result.options->simulateCount, 20);
}

TEST(BackendOptions, PlatformRelaysAndTheMarketMaker) {
    const auto defaults = parse({QStringLiteral("platform-api")});
    ASSERT_TRUE(defaults.options);
    EXPECT_TRUE(defaults.options->marketMaker);
    EXPECT_EQ(defaults.options->orderProcessorUrls, QStringList{QStringLiteral("http://127.0.0.1:8084")});
    const auto set = parse({QStringLiteral("platform-api"), QStringLiteral("--no-market-maker"),
                            QStringLiteral("--order-processor-url"), QStringLiteral("http://exchange:9000")});
    ASSERT_TRUE(set.options);
    EXPECT_FALSE(set.options->marketMaker);
    EXPECT_EQ(set.options->orderProcessorUrls, QStringList{QStringLiteral("http://exchange:9000")});
    const auto two = parse({QStringLiteral("platform-api"), QStringLiteral("--order-processor-url"),
                            QStringLiteral("http://op-1:8084,http://op-2:8084")});
    ASSERT_TRUE(two.options);
    EXPECT_EQ(two.options->orderProcessorUrls,
              (QStringList{QStringLiteral("http://op-1:8084"), QStringLiteral("http://op-2:8084")}));
    EXPECT_EQ(defaults.options->userAnalyticsUrls, QStringList{QStringLiteral("http://127.0.0.1:8081")});
    const auto analytics = parse({QStringLiteral("platform-api"), QStringLiteral("--user-analytics-url"),
                                  QStringLiteral("http://ua-1:8081,http://ua-2:8081")});
    ASSERT_TRUE(analytics.options);
    EXPECT_EQ(analytics.options->userAnalyticsUrls,
              (QStringList{QStringLiteral("http://ua-1:8081"), QStringLiteral("http://ua-2:8081")}));
    for (const char* bad : {"http://ua-1:8081,", "ftp://ua-1", "http://ua-1:8081,not a url"})
        EXPECT_FALSE(
            parse({QStringLiteral("platform-api"), QStringLiteral("--user-analytics-url"), QString::fromLatin1(bad)})
                .options)
            << bad;
}

TEST(BackendOptions, HelpAndVersionExitZero) {
    const auto help = parse({QStringLiteral("--help")});
    EXPECT_FALSE(help.options);
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.output.contains(QStringLiteral("--brokers")));
    EXPECT_TRUE(help.output.contains(QStringLiteral("--service-token-file")));
    EXPECT_TRUE(help.output.contains(QStringLiteral("--http-limits")));
    const auto version = parse({QStringLiteral("--version")});
    EXPECT_EQ(version.exitCode, 0);
    EXPECT_TRUE(version.output.startsWith(QStringLiteral("kse-backend ")));
}

TEST(BackendOptions, UsageErrorsExitTwoWithAReason) {
    const std::vector<std::pair<QStringList, QString>> cases{
        {{}, QStringLiteral("exactly one SERVICE")},
        {{QStringLiteral("nonsense")}, QStringLiteral("unknown service 'nonsense'")},
        {{QStringLiteral("stock-ingestor"), QStringLiteral("--port"), QStringLiteral("70000")},
         QStringLiteral("--port")},
        {{QStringLiteral("all"), QStringLiteral("--port"), QStringLiteral("1")}, QStringLiteral("'all' uses")},
        {{QStringLiteral("order-matcher")}, QStringLiteral("unknown service")},
        {{QStringLiteral("all"), QStringLiteral("--partitions"), QStringLiteral("0")}, QStringLiteral("--partitions")},
        {{QStringLiteral("all"), QStringLiteral("--simulate"), QStringLiteral("A B")}, QStringLiteral("--simulate")},
        {{QStringLiteral("all"), QStringLiteral("--rate"), QStringLiteral("-1")}, QStringLiteral("--rate")},
        {{QStringLiteral("all"), QStringLiteral("--log-level"), QStringLiteral("loud")}, QStringLiteral("--log-level")},
        {{QStringLiteral("all"), QStringLiteral("--bogus")}, QStringLiteral("bogus")},
        {{QStringLiteral("platform-api"), QStringLiteral("--order-processor-url"), QStringLiteral("ftp://x")},
         QStringLiteral("--order-processor-url must be 1 to 16 comma-separated http:// URLs")},
        {{QStringLiteral("platform-api"), QStringLiteral("--order-processor-url"),
          QStringLiteral("http://op-1:8084,,http://op-2:8084")},
         QStringLiteral("--order-processor-url")},
        {{QStringLiteral("platform-api"), QStringLiteral("--order-processor-url"),
          QStringList(17, QStringLiteral("http://op:8084")).join(QLatin1Char(','))},
         QStringLiteral("1 to 16 comma-separated")},
        {{QStringLiteral("platform-api"), QStringLiteral("--order-processor-url"), QStringLiteral("http://")},
         QStringLiteral("--order-processor-url")},
        {{QStringLiteral("all"), QStringLiteral("--bind"), QStringLiteral("example.com")},
         QStringLiteral("--bind must be an IP address")},
        {{QStringLiteral("all"), QStringLiteral("--service-token-file"), QStringLiteral("/nonexistent/token")},
         QStringLiteral("--service-token-file: cannot read")},
        {{QStringLiteral("all"), QStringLiteral("--http-limits"), QStringLiteral("sockets=5")},
         QStringLiteral("unknown key 'sockets'")},
        {{QStringLiteral("all"), QStringLiteral("--http-limits"), QStringLiteral("connections=0")},
         QStringLiteral("connections must be a number from 1")},
        {{QStringLiteral("all"), QStringLiteral("--http-limits"), QStringLiteral("request-timeout-ms=ten")},
         QStringLiteral("request-timeout-ms must be a number")},
    };
    for (const auto& [arguments, expected] : cases) {
        const auto result = parse(arguments);
        EXPECT_FALSE(result.options) << arguments.join(QLatin1Char(' ')).toStdString();
        EXPECT_EQ(result.exitCode, 2);
        EXPECT_TRUE(result.output.contains(expected)) << result.output.toStdString();
    }
}

TEST(BackendOptions, WeakOrMalformedTokensAreUsageErrors) {
    for (const QString& token : {QStringLiteral("short"), QStringLiteral("has spaces in the middle of it"),
                                 QStringLiteral("non-ascii-token-\u00e9\u00e9\u00e9")}) {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("KSE_SERVICE_TOKEN"), token);
        const auto result = parse({QStringLiteral("stock-ingestor")}, environment);
        EXPECT_FALSE(result.options) << token.toStdString();
        EXPECT_EQ(result.exitCode, 2);
        EXPECT_TRUE(result.output.contains(QStringLiteral("KSE_SERVICE_TOKEN"))) << result.output.toStdString();
    }
}

TEST(BackendOptions, HashRateBoundsThePlatformsSignIns) {
    const auto defaults = parse({QStringLiteral("platform-api")});
    ASSERT_TRUE(defaults.options);
    EXPECT_EQ(defaults.options->hashRate, 20);
    const auto given = parse({QStringLiteral("platform-api"), QStringLiteral("--hash-rate"), QStringLiteral("64")});
    ASSERT_TRUE(given.options) << given.output.toStdString();
    EXPECT_EQ(given.options->hashRate, 64);
    for (const char* bad : {"0", "-3", "x", "10001"}) {
        const auto refused =
            parse({QStringLiteral("platform-api"), QStringLiteral("--hash-rate"), QString::fromLatin1(bad)});
        EXPECT_FALSE(refused.options) << bad;
        EXPECT_EQ(refused.exitCode, 2) << bad;
    }
}

TEST(BackendOptions, ConfigFileUnderEnvironmentUnderFlags) {
    const kse::test::ScratchDir dir("backend-config");
    const QString file =
        QString::fromStdString(dir.write("platform-api.conf", "# the platform's settings\n"
                                                              "brokers = file:9092\n"
                                                              "port = 9000\n"
                                                              "log-level = warning\n"
                                                              "hash-rate = 30\n"
                                                              "no-market-maker = true\n"
                                                              "order-processor-url = http://op:8084\n"));
    const auto fromFile = parse({QStringLiteral("platform-api"), QStringLiteral("--config"), file});
    ASSERT_TRUE(fromFile.options) << fromFile.output.toStdString();
    EXPECT_EQ(fromFile.options->brokers, QStringLiteral("file:9092"));
    EXPECT_EQ(fromFile.options->port, 9000);
    EXPECT_EQ(fromFile.options->logLevel, kse::LogLevel::Warning);
    EXPECT_EQ(fromFile.options->hashRate, 30);
    EXPECT_FALSE(fromFile.options->marketMaker);
    EXPECT_EQ(fromFile.options->orderProcessorUrls, QStringList{QStringLiteral("http://op:8084")});
    EXPECT_EQ(fromFile.options->partitions, 6) << "what the file leaves out keeps its default";

    // The environment over the file (KSE_CONFIG names it too), the command line over both.
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("KSE_CONFIG"), file);
    environment.insert(QStringLiteral("KSE_PORT"), QStringLiteral("9001"));
    environment.insert(QStringLiteral("KSE_HASH_RATE"), QStringLiteral("40"));
    const auto fromEnvironment = parse({QStringLiteral("platform-api")}, environment);
    ASSERT_TRUE(fromEnvironment.options) << fromEnvironment.output.toStdString();
    EXPECT_EQ(fromEnvironment.options->port, 9001);
    EXPECT_EQ(fromEnvironment.options->hashRate, 40);
    EXPECT_EQ(fromEnvironment.options->brokers, QStringLiteral("file:9092"));
    const auto fromFlags = parse({QStringLiteral("platform-api"), QStringLiteral("--port=9002"),
                                  QStringLiteral("--log-level"), QStringLiteral("debug")},
                                 environment);
    ASSERT_TRUE(fromFlags.options) << fromFlags.output.toStdString();
    EXPECT_EQ(fromFlags.options->port, 9002);
    EXPECT_EQ(fromFlags.options->hashRate, 40);
    EXPECT_EQ(fromFlags.options->logLevel, kse::LogLevel::Debug);

    // A value from any layer is checked as the flag's is.
    QProcessEnvironment badPort;
    badPort.insert(QStringLiteral("KSE_PORT"), QStringLiteral("70000"));
    const auto refusedPort = parse({QStringLiteral("platform-api")}, badPort);
    EXPECT_EQ(refusedPort.exitCode, 2);
    EXPECT_TRUE(refusedPort.output.contains(QLatin1String("--port must be"))) << refusedPort.output.toStdString();
}

TEST(BackendOptions, ConfigFilesThatCannotBeReadStopTheStart) {
    const kse::test::ScratchDir dir("backend-config-refused");
    const std::map<QString, std::string> refused{
        {QStringLiteral("line 2: unknown setting 'colour'"), "port = 1\ncolour = blue\n"},
        {QStringLiteral("line 1: no-market-maker is a switch: true or false"), "no-market-maker = maybe\n"},
        {QStringLiteral("line 3: not key=value"), "\n# fine\nport\n"},
        {QStringLiteral("line 2: port is set twice"), "port = 1\nport = 2\n"},
        {QStringLiteral("unknown setting 'config'"), "config = /etc/other.conf\n"},
        {QStringLiteral("larger than 64 KiB"), std::string(70'000, '#')}};
    int n = 0;
    for (const auto& [reason, text] : refused) {
        const QString path = QString::fromStdString(dir.write("bad" + std::to_string(++n), text));
        const auto result = parse({QStringLiteral("platform-api"), QStringLiteral("--config"), path});
        EXPECT_FALSE(result.options) << text;
        EXPECT_EQ(result.exitCode, 2);
        EXPECT_TRUE(result.output.contains(reason)) << result.output.toStdString();
        EXPECT_TRUE(result.output.contains(path)) << "the message names the file";
    }
    const auto missing =
        parse({QStringLiteral("all"), QStringLiteral("--config"), QString::fromStdString(dir.file("none"))});
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_TRUE(missing.output.contains(QLatin1String("cannot read"))) << missing.output.toStdString();
    QProcessEnvironment notASwitch;
    notASwitch.insert(QStringLiteral("KSE_NO_MARKET_MAKER"), QStringLiteral("perhaps"));
    const auto badSwitch = parse({QStringLiteral("platform-api")}, notASwitch);
    EXPECT_EQ(badSwitch.exitCode, 2);
    EXPECT_TRUE(badSwitch.output.contains(QLatin1String("KSE_NO_MARKET_MAKER"))) << badSwitch.output.toStdString();
}

TEST(BackendOptions, PrintConfigShowsTheSettingsInEffectWithoutSecretsAndReadsBack) {
    const kse::test::ScratchDir dir("print-config");
    const QString kafka = QString::fromStdString(
        dir.write("kafka.properties", "bootstrap.servers=k1:9093\nsecurity.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n"
                                      "sasl.username=kse-platform-api\nsasl.password=very-secret-password\n"));
    const QString token = QString::fromStdString(dir.write("token", "0123456789abcdef-secret-token\n"));
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("KSE_ADMIN_PASSWORD"), QStringLiteral("admin-secret-password"));
    environment.insert(QStringLiteral("KSE_LOG_LEVEL"), QStringLiteral("warning"));
    const QStringList arguments{QStringLiteral("platform-api"),
                                QStringLiteral("--kafka-config"),
                                kafka,
                                QStringLiteral("--service-token-file"),
                                token,
                                QStringLiteral("--port"),
                                QStringLiteral("9100"),
                                QStringLiteral("--print-config")};
    const auto printed = parse(arguments, environment);
    ASSERT_FALSE(printed.options);
    EXPECT_EQ(printed.exitCode, 0);
    const QString& text = printed.output;
    for (const char* line :
         {"brokers = k1:9093", "port = 9100", "log-level = warning", "bind = 127.0.0.1",
          "# replication-factor = (3, or the cluster's brokers when fewer)", "#   sasl.username = kse-platform-api",
          "#   sasl.password = ********", "# KSE_ADMIN_PASSWORD: set, not shown"})
        EXPECT_TRUE(text.contains(QLatin1String(line))) << line << "\n" << text.toStdString();
    for (const char* secret : {"very-secret-password", "admin-secret-password", "secret-token"})
        EXPECT_FALSE(text.contains(QLatin1String(secret))) << secret << " printed";

    // What it prints, read back with --config, gives the same settings.
    const QString saved = QString::fromStdString(dir.write("saved.conf", text.toStdString()));
    const auto again =
        parse({QStringLiteral("platform-api"), QStringLiteral("--config"), saved, QStringLiteral("--print-config")},
              environment);
    EXPECT_EQ(again.output, text);
}

// deploy/config holds a file for each service, as the packages install them in /etc/kse.
TEST(BackendOptions, TheShippedConfigFilesAreReadAsTheyAre) {
    for (const QString& service : kse::availableServices()) {
        const QString file = QStringLiteral(KSE_DEPLOY_DIR "/config/%1.conf").arg(service);
        const auto result = parse({service, QStringLiteral("--config"), file});
        ASSERT_TRUE(result.options) << result.output.toStdString();
        EXPECT_EQ(result.options->dataDir, QStringLiteral("/var/lib/kse/") + service);
        EXPECT_EQ(result.options->brokers.count(QLatin1Char(',')), 2) << "three brokers to start from";
        EXPECT_TRUE(result.options->port.has_value());
    }
}
