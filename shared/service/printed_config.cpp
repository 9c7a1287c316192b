#include "service/printed_config.h"

#include <array>

namespace kse {
namespace {

QString logLevelName(LogLevel level) {
    switch (level) {
    case LogLevel::Debug: return QStringLiteral("debug");
    case LogLevel::Info: return QStringLiteral("info");
    case LogLevel::Warning: return QStringLiteral("warning");
    case LogLevel::Error: break;
    }
    return QStringLiteral("error");
}

QString defaultPort(const QString& service) {
    static const std::array<std::pair<const char*, const char*>, 5> kPorts{{{"platform-api", "8080"},
                                                                            {"user-analytics", "8081"},
                                                                            {"stock-ingestor", "8082"},
                                                                            {"stock-aggregator", "8083"},
                                                                            {"order-processor", "8084"}}};
    for (const auto& [name, port] : kPorts)
        if (service == QLatin1String(name))
            return QStringLiteral("%1 (the service's default)").arg(QLatin1String(port));
    return QStringLiteral("(each service's default: 8080 to 8084)");
}

} // namespace

bool isSecretProperty(const std::string& key) {
    for (const char* word : {"password", "secret", "token", "jaas", "oauthbearer.config", "ssl.key.pem"})
        if (key.find(word) != std::string::npos)
            return true;
    return false;
}

QString printedConfig(const BackendOptions& o) {
    QStringList lines;
    const auto set = [&](const char* key, const QString& value) {
        lines << QStringLiteral("%1 = %2").arg(QLatin1String(key), value);
    };
    const auto unset = [&](const char* key, const QString& why) {
        lines << QStringLiteral("# %1 = %2").arg(QLatin1String(key), why);
    };
    lines << QStringLiteral("# kse-backend %1: the settings in effect (the command line over the environment over "
                            "--config over the defaults); --config reads this back.")
                 .arg(o.service);
    if (o.brokers.isEmpty())
        unset("brokers", QStringLiteral("(none: an embedded Kafka cluster in this process)"));
    else
        set("brokers", o.brokers);
    if (o.kafkaConfigPath.isEmpty())
        unset("kafka-config", QStringLiteral("(none)"));
    else
        set("kafka-config", o.kafkaConfigPath);
    if (o.replicationFactor > 0)
        set("replication-factor", QString::number(o.replicationFactor));
    else
        unset("replication-factor", QStringLiteral("(3, or the cluster's brokers when fewer)"));
    if (o.port)
        set("port", QString::number(*o.port));
    else
        unset("port", defaultPort(o.service));
    set("bind", o.bind);
    if (o.dataDir.isEmpty())
        unset("data-dir", QStringLiteral("(the per-user data directory, ~/.local/share/kse)"));
    else
        set("data-dir", o.dataDir);
    set("partitions", QString::number(o.partitions));
    if (o.simulateCount > 0)
        set("simulate", QString::number(o.simulateCount));
    else if (!o.simulateSymbols.isEmpty())
        set("simulate", o.simulateSymbols.join(QLatin1Char(',')));
    else
        unset("simulate", QStringLiteral("(off)"));
    set("rate", QString::number(o.simulateRate));
    set("log-level", logLevelName(o.logLevel));
    if (o.createAdmin.isEmpty())
        unset("create-admin", QStringLiteral("(none)"));
    else
        set("create-admin", o.createAdmin);
    set("order-processor-url", o.orderProcessorUrls.join(QLatin1Char(',')));
    set("user-analytics-url", o.userAnalyticsUrls.join(QLatin1Char(',')));
    set("no-market-maker", o.marketMaker ? QStringLiteral("false") : QStringLiteral("true"));
    set("hash-rate", QString::number(o.hashRate));
    if (o.httpThreads)
        set("http-threads", QString::number(*o.httpThreads));
    else
        unset("http-threads", QStringLiteral("(4 for the platform API, 16 for the stock ingestor)"));
    set("http-limits", QStringLiteral("connections=%1,per-client=%2,request-timeout-ms=%3,idle-timeout-ms=%4")
                           .arg(o.httpLimits.maxConnections)
                           .arg(o.httpLimits.maxConnectionsPerClient)
                           .arg(o.httpLimits.requestTimeoutMs)
                           .arg(o.httpLimits.idleTimeoutMs));
    if (!o.serviceTokenFile.isEmpty())
        set("service-token-file", o.serviceTokenFile);
    else
        unset("service-token-file",
              o.serviceToken.isEmpty()
                  ? QStringLiteral("(none; no service token)")
                  : QStringLiteral("(none; the service token comes from KSE_SERVICE_TOKEN, not shown)"));
    lines << (o.adminPassword.isEmpty() ? QStringLiteral("# KSE_ADMIN_PASSWORD: not set")
                                        : QStringLiteral("# KSE_ADMIN_PASSWORD: set, not shown"));
    if (!o.kafkaProperties.empty()) {
        lines << QStringLiteral("# librdkafka properties of the kafka-config file (secrets not shown):");
        for (const auto& [key, value] : o.kafkaProperties)
            lines << QStringLiteral("#   %1 = %2")
                         .arg(QString::fromStdString(key),
                              isSecretProperty(key) ? QStringLiteral("********") : QString::fromStdString(value));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace kse
