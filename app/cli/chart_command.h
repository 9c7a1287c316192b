#pragma once

#include <QSize>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <optional>

#include "api/candle_source.h"
#include "chart/candle_chart.h"

namespace kse {

// `kse-chart export --symbol SYM --interval 1m [--from T] [--to T] --out FILE [--api URL]
// [--width W] [--height H] [--limit N] [--theme light|dark]`.
struct ChartCommand {
    CandleSource::Query query;
    QString out;
    QUrl api = QUrl(QStringLiteral("http://127.0.0.1:8080"));
    QSize size = QSize(1200, 700);
    CandleChart::Theme theme = CandleChart::Theme::Light;
};

// The command, or the text to print and the exit code (help: 0, a usage error: 2).
struct ChartCommandLine {
    std::optional<ChartCommand> command;
    QString output;
    int exitCode = 0;
};
ChartCommandLine parseChartCommandLine(const QStringList& arguments);

// Fetches and exports; the exit code (0, or 1 with the reason on stderr).
int runChartCommand(const ChartCommand& command);

} // namespace kse
