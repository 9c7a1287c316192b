#include <gtest/gtest.h>

#include "service/backend_options.h"

namespace {

kse::CommandLine parse(QStringList arguments, QProcessEnvironment environment = {}) {
    arguments.prepend(QStringLiteral("kse-backend"));
    return kse::parseBackendCommandLine(arguments, environment);
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
    const auto result = parse({QStringLiteral("stock-ingestor"), QStringLiteral("--brokers"), QStringLiteral("a:1,b:2"),
                               QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--bind"),
                               QStringLiteral("0.0.0.0"), QStringLiteral("--data-dir"), QStringLiteral("/tmp/x"),
                               QStringLiteral("--partitions"), QStringLiteral("12"), QStringLiteral("--simulate"),
                               QStringLiteral("AAPL,MSFT"), QStringLiteral("--rate"), QStringLiteral("1000"),
                               QStringLiteral("--log-level"), QStringLiteral("debug")});
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
}

TEST(BackendOptions, EnvironmentGivesBrokersAndDataDir) {
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("KSE_BROKERS"), QStringLiteral("k:9092"));
    environment.insert(QStringLiteral("KSE_DATA_DIR"), QStringLiteral("/data"));
    const auto result = parse({QStringLiteral("all")}, environment);
    ASSERT_TRUE(result.options);
    EXPECT_EQ(result.options->brokers, QStringLiteral("k:9092"));
    EXPECT_EQ(result.options->dataDir, QStringLiteral("/data"));
    const auto flagWins = parse({QStringLiteral("all"), QStringLiteral("--brokers"), QStringLiteral("f:1")}, environment);
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
    EXPECT_EQ(defaults.options->orderProcessorUrl, QStringLiteral("http://127.0.0.1:8084"));
    const auto set = parse({QStringLiteral("platform-api"), QStringLiteral("--no-market-maker"),
                            QStringLiteral("--order-processor-url"), QStringLiteral("http://exchange:9000")});
    ASSERT_TRUE(set.options);
    EXPECT_FALSE(set.options->marketMaker);
    EXPECT_EQ(set.options->orderProcessorUrl, QStringLiteral("http://exchange:9000"));
}

TEST(BackendOptions, HelpAndVersionExitZero) {
    const auto help = parse({QStringLiteral("--help")});
    EXPECT_FALSE(help.options);
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.output.contains(QStringLiteral("--brokers")));
    const auto version = parse({QStringLiteral("--version")});
    EXPECT_EQ(version.exitCode, 0);
    EXPECT_TRUE(version.output.startsWith(QStringLiteral("kse-backend ")));
}

TEST(BackendOptions, UsageErrorsExitTwoWithAReason) {
    const std::vector<std::pair<QStringList, QString>> cases{
        {{}, QStringLiteral("exactly one SERVICE")},
        {{QStringLiteral("nonsense")}, QStringLiteral("unknown service 'nonsense'")},
        {{QStringLiteral("stock-ingestor"), QStringLiteral("--port"), QStringLiteral("70000")}, QStringLiteral("--port")},
        {{QStringLiteral("all"), QStringLiteral("--port"), QStringLiteral("1")}, QStringLiteral("'all' uses")},
        {{QStringLiteral("order-matcher")}, QStringLiteral("unknown service")},
        {{QStringLiteral("all"), QStringLiteral("--partitions"), QStringLiteral("0")}, QStringLiteral("--partitions")},
        {{QStringLiteral("all"), QStringLiteral("--simulate"), QStringLiteral("A B")}, QStringLiteral("--simulate")},
        {{QStringLiteral("all"), QStringLiteral("--rate"), QStringLiteral("-1")}, QStringLiteral("--rate")},
        {{QStringLiteral("all"), QStringLiteral("--log-level"), QStringLiteral("loud")}, QStringLiteral("--log-level")},
        {{QStringLiteral("all"), QStringLiteral("--bogus")}, QStringLiteral("bogus")},
        {{QStringLiteral("platform-api"), QStringLiteral("--order-processor-url"), QStringLiteral("ftp://x")},
         QStringLiteral("--order-processor-url must be an http:// URL")},
        {{QStringLiteral("platform-api"), QStringLiteral("--order-processor-url"), QStringLiteral("http://")},
         QStringLiteral("--order-processor-url")},
    };
    for (const auto& [arguments, expected] : cases) {
        const auto result = parse(arguments);
        EXPECT_FALSE(result.options) << arguments.join(QLatin1Char(' ')).toStdString();
        EXPECT_EQ(result.exitCode, 2);
        EXPECT_TRUE(result.output.contains(expected)) << result.output.toStdString();
    }
}
