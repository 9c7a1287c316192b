#include <QApplication>
#include <cstdio>

#include "cli/chart_command.h"

int main(int argc, char* argv[]) {
    // Charts render through QtWidgets' graphics scene; with no display, the offscreen platform
    // draws the same pixels.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("kse-chart"));
    QApplication::setApplicationVersion(QStringLiteral(KSE_VERSION));
    const auto commandLine = kse::parseChartCommandLine(QApplication::arguments());
    if (!commandLine.command) {
        std::fputs(qPrintable(commandLine.output), commandLine.exitCode == 0 ? stdout : stderr);
        return commandLine.exitCode;
    }
    return kse::runChartCommand(*commandLine.command);
}
