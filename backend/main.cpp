#include <QCoreApplication>
#include <QProcessEnvironment>
#include <cstdio>

#include "daemon/backend_application.h"
#include "log/logger.h"
#include "service/backend_options.h"

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kse"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KSE_VERSION));

    const auto commandLine =
        kse::parseBackendCommandLine(QCoreApplication::arguments(), QProcessEnvironment::systemEnvironment());
    if (!commandLine.options) {
        std::fputs(qPrintable(commandLine.output), commandLine.exitCode == 0 ? stdout : stderr);
        return commandLine.exitCode;
    }
    kse::Logger logger(commandLine.options->logLevel);
    kse::BackendApplication backend(*commandLine.options, logger);
    QObject::connect(&backend, &kse::BackendApplication::finished, &app, &QCoreApplication::exit);
    try {
        backend.start();
    } catch (const std::exception& error) {
        logger.error("kse-backend", "cannot start", {{"error", error.what()}});
        return 1;
    }
    return QCoreApplication::exec();
}
