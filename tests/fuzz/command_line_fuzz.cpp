// parseBackendCommandLine reads kse-backend's arguments. The input is the arguments after the
// program name, separated by NUL bytes (as in /proc/PID/cmdline). Whatever they are, the answer
// is options within their limits, or text to print with exit code 0 (help, version) or 2.
#include "domain/tick.h"
#include "fuzz_check.h"
#include "service/backend_options.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <algorithm>
#include <cstdint>
#include <string_view>

using kse::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    QStringList arguments{QStringLiteral("kse-backend")};
    for (std::size_t start = 0; start <= input.size();) {
        const std::size_t end = std::min(input.find('\0', start), input.size());
        arguments.append(QString::fromUtf8(input.data() + start, static_cast<qsizetype>(end - start)));
        start = end + 1;
    }
    // A token, configuration or Kafka client file would make the parser read whatever path the
    // input names (/dev/stdin blocks): the file options are left to the unit tests (and the
    // configuration text to the kafka_properties target, whose reader it shares).
    if (std::any_of(arguments.cbegin(), arguments.cend(), [](const QString& a) {
            return a.contains(QStringLiteral("token-file")) || a.contains(QStringLiteral("config"));
        }))
        return 0;
    const kse::CommandLine result = kse::parseBackendCommandLine(arguments, QProcessEnvironment());
    if (!result.options) {
        check(!result.output.isEmpty(), "a command line that runs nothing says why");
        check(result.exitCode == 0 || result.exitCode == 2, "it exits 0 (help, version) or 2 (usage)");
        return 0;
    }
    const kse::BackendOptions& o = *result.options;
    check(result.exitCode == 0, "options to run with come with exit code 0");
    check(o.service == QStringLiteral("all") || kse::availableServices().contains(o.service), "a known service");
    check(o.partitions >= 1 && o.partitions <= 1000, "partitions within 1-1000");
    check(o.simulateRate > 0 && o.simulateRate <= 10'000'000, "a positive rate within the limit");
    check(o.simulateCount >= 0 && o.simulateCount <= 10'000, "a simulated count within the limit");
    for (const QString& symbol : o.simulateSymbols)
        check(!kse::symbolError(symbol.toStdString()), "simulated symbols are valid");
    const kse::HttpLimits& limits = o.httpLimits;
    check(limits.maxConnections >= 1 && limits.maxConnectionsPerClient >= 1 && limits.requestTimeoutMs >= 50 &&
              limits.idleTimeoutMs >= 50,
          "HTTP limits within their bounds");
    check(o.hashRate >= 1 && o.hashRate <= 10'000, "a hash rate within 1-10000");
    check(o.serviceToken.isEmpty() || (o.serviceToken.size() >= 16 && o.serviceToken.size() <= 4096),
          "a service token of 16 to 4096 characters, or none");
    return 0;
}
