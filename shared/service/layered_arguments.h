#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include "domain/result.h"

namespace kse {

// kse-backend's settings come from four places; a later one wins: the options' defaults, the
// `--config FILE` (env KSE_CONFIG), the environment (KSE_<OPTION>, e.g. KSE_LOG_LEVEL for
// --log-level), the command line. This makes one command line of the first three followed by the
// arguments given, for QCommandLineParser, which takes the last value of an option given twice.
//
// The file holds `option = value` lines (the long options without their dashes, as
// parseKeyValueLines reads them); a switch takes true or false. `layered` are the options that
// may come from the file and the environment; any other key in the file is refused, naming the
// line. A failure names the file.
struct LayeredArguments {
    QStringList arguments; // the program name first, as QCommandLineParser expects
    QString configFile;    // the file read, if any
};
Result<LayeredArguments> layeredArguments(const QStringList& arguments, const QProcessEnvironment& environment,
                                          const QList<QCommandLineOption>& layered);

// The environment variable of an option: KSE_ and its name in capitals, `-` as `_`.
QString environmentName(const QString& option);

} // namespace kse
