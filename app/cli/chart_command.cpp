#include "cli/chart_command.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <cstdio>

#include "domain/tick.h"
#include "export/chart_exporter.h"

namespace kse {
namespace {

ChartCommandLine usage(const QString& message) {
    return {std::nullopt, QStringLiteral("kse-chart: %1 (see --help)\n").arg(message), 2};
}

// Milliseconds since the epoch, or an ISO 8601 date and time (UTC unless it says otherwise).
std::optional<qint64> timeArgument(const QString& text) {
    bool ok = false;
    const qint64 ms = text.toLongLong(&ok);
    if (ok)
        return ms >= 0 ? std::optional(ms) : std::nullopt;
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        return std::nullopt;
    if (time.timeSpec() == Qt::LocalTime)
        time.setTimeSpec(Qt::UTC);
    return time.toMSecsSinceEpoch();
}

} // namespace

ChartCommandLine parseChartCommandLine(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Exports a chart of a symbol's candles, with no display needed. The format comes from the output file's "
        "extension: .png, .svg, .pdf or .csv."));
    parser.addPositionalArgument(QStringLiteral("export"), QStringLiteral("The command (the only one)."));
    const QCommandLineOption symbol(QStringLiteral("symbol"), QStringLiteral("The symbol."), QStringLiteral("SYM"));
    const QCommandLineOption interval(QStringLiteral("interval"), QStringLiteral("1s, 1m (default), 5m or 1h."),
                                      QStringLiteral("I"), QStringLiteral("1m"));
    const QCommandLineOption from(QStringLiteral("from"),
                                  QStringLiteral("First candle start: ms since the epoch or ISO 8601 (UTC)."),
                                  QStringLiteral("T"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("Last candle start, as --from."),
                                QStringLiteral("T"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("The file to write."), QStringLiteral("FILE"));
    const QCommandLineOption api(QStringLiteral("api"), QStringLiteral("Platform API (default http://127.0.0.1:8080)."),
                                 QStringLiteral("URL"), QStringLiteral("http://127.0.0.1:8080"));
    const QCommandLineOption width(QStringLiteral("width"),
                                   QStringLiteral("Width in pixels (PNG, SVG) or points (PDF); default 1200."),
                                   QStringLiteral("W"), QStringLiteral("1200"));
    const QCommandLineOption height(QStringLiteral("height"), QStringLiteral("Height, likewise; default 700."),
                                    QStringLiteral("H"), QStringLiteral("700"));
    const QCommandLineOption limit(QStringLiteral("limit"),
                                   QStringLiteral("At most this many candles, the newest (default 500, up to 5000)."),
                                   QStringLiteral("N"), QStringLiteral("500"));
    const QCommandLineOption theme(QStringLiteral("theme"), QStringLiteral("light (default) or dark."),
                                   QStringLiteral("THEME"), QStringLiteral("light"));
    parser.addOptions({symbol, interval, from, to, out, api, width, height, limit, theme});
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();

    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(help))
        return {std::nullopt, parser.helpText(), 0};
    if (parser.isSet(version))
        return {std::nullopt, QStringLiteral("kse-chart %1\n").arg(QStringLiteral(KSE_VERSION)), 0};
    if (parser.positionalArguments() != QStringList{QStringLiteral("export")})
        return usage(QStringLiteral("expected the command 'export'"));

    ChartCommand command;
    command.query.symbol = parser.value(symbol);
    if (command.query.symbol.isEmpty())
        return usage(QStringLiteral("--symbol is required"));
    if (auto error = symbolError(command.query.symbol.toStdString()))
        return usage(QStringLiteral("--symbol: %1").arg(QString::fromStdString(*error)));
    command.query.interval = parser.value(interval);
    if (intervalMs(command.query.interval) == 0)
        return usage(QStringLiteral("--interval must be 1s, 1m, 5m or 1h"));
    for (const auto& [option, target] : {std::pair{&from, &command.query.from}, std::pair{&to, &command.query.to}}) {
        if (!parser.isSet(*option))
            continue;
        *target = timeArgument(parser.value(*option));
        if (!*target)
            return usage(QStringLiteral("--%1 must be ms since the epoch or an ISO 8601 time")
                             .arg(option->names().constFirst()));
    }
    if (command.query.from && command.query.to && *command.query.from > *command.query.to)
        return usage(QStringLiteral("--from must not be after --to"));
    command.out = parser.value(out);
    if (command.out.isEmpty())
        return usage(QStringLiteral("--out is required"));
    if (!ChartExporter::supported(command.out))
        return usage(QStringLiteral("--out must end in .png, .svg, .pdf or .csv"));
    command.api = QUrl(parser.value(api), QUrl::StrictMode);
    if (!command.api.isValid() || command.api.scheme() != QLatin1String("http") || command.api.host().isEmpty())
        return usage(QStringLiteral("--api must be an http:// URL"));
    bool okWidth = false, okHeight = false, okLimit = false;
    command.size = QSize(parser.value(width).toInt(&okWidth), parser.value(height).toInt(&okHeight));
    if (!okWidth || !okHeight || command.size.width() < 100 || command.size.height() < 100 ||
        command.size.width() > 10'000 || command.size.height() > 10'000)
        return usage(QStringLiteral("--width and --height must be from 100 to 10000"));
    command.query.limit = parser.value(limit).toInt(&okLimit);
    if (!okLimit || command.query.limit < 1 || command.query.limit > 5'000)
        return usage(QStringLiteral("--limit must be from 1 to 5000"));
    if (parser.value(theme) != QLatin1String("light") && parser.value(theme) != QLatin1String("dark"))
        return usage(QStringLiteral("--theme must be light or dark"));
    command.theme = parser.value(theme) == QLatin1String("dark") ? CandleChart::Theme::Dark : CandleChart::Theme::Light;
    return {command, {}, 0};
}

int runChartCommand(const ChartCommand& command) {
    const auto series = CandleSource(command.api).fetch(command.query);
    if (!series) {
        std::fprintf(stderr, "kse-chart: %s\n", series.error().c_str());
        return 1;
    }
    if (auto error = ChartExporter(command.theme).write(series.value(), command.out, command.size)) {
        std::fprintf(stderr, "kse-chart: %s\n", qPrintable(*error));
        return 1;
    }
    std::printf("kse-chart: %zu candles of %s %s written to %s\n", series.value().candles.size(),
                qPrintable(command.query.symbol), qPrintable(command.query.interval), qPrintable(command.out));
    return 0;
}

} // namespace kse
