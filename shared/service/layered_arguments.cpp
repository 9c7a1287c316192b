#include "service/layered_arguments.h"

#include <algorithm>
#include <optional>

#include "codec/key_value_lines.h"

namespace kse {
namespace {

constexpr std::size_t kMaxConfigBytes = 64 * 1024;

// The --config path of the command line (its last one), else KSE_CONFIG's; empty: none.
QString configPath(const QStringList& arguments, const QProcessEnvironment& environment) {
    QString path;
    bool found = false;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString& argument = arguments[i];
        if (argument == QStringLiteral("--"))
            break;
        if (argument == QStringLiteral("--config") && i + 1 < arguments.size()) {
            path = arguments[++i];
            found = true;
        } else if (argument.startsWith(QStringLiteral("--config="))) {
            path = argument.mid(9);
            found = true;
        }
    }
    return found ? path : environment.value(QStringLiteral("KSE_CONFIG"));
}

std::optional<bool> switchValue(const QString& text) {
    const QString value = text.trimmed().toLower();
    if (value == QStringLiteral("true") || value == QStringLiteral("yes") || value == QStringLiteral("on") ||
        value == QStringLiteral("1"))
        return true;
    if (value == QStringLiteral("false") || value == QStringLiteral("no") || value == QStringLiteral("off") ||
        value == QStringLiteral("0"))
        return false;
    return std::nullopt;
}

// The argument(s) that say `value` for `option`; a failure for a switch's value that is not one.
Result<QStringList> argumentsFor(const QCommandLineOption& option, const QString& value) {
    const QString name = option.names().constFirst();
    if (!option.valueName().isEmpty())
        return Result<QStringList>::success({QStringLiteral("--%1=%2").arg(name, value)});
    const auto on = switchValue(value);
    if (!on)
        return Result<QStringList>::failure(name.toStdString() + " is a switch: true or false");
    return Result<QStringList>::success(*on ? QStringList{QStringLiteral("--") + name} : QStringList{});
}

} // namespace

QString environmentName(const QString& option) {
    return QStringLiteral("KSE_") + option.toUpper().replace(QLatin1Char('-'), QLatin1Char('_'));
}

Result<LayeredArguments> layeredArguments(const QStringList& arguments, const QProcessEnvironment& environment,
                                          const QList<QCommandLineOption>& layered) {
    using R = Result<LayeredArguments>;
    LayeredArguments out;
    out.arguments.append(arguments.value(0, QStringLiteral("kse-backend")));
    const auto find = [&](const QString& name) {
        return std::find_if(layered.begin(), layered.end(),
                            [&](const QCommandLineOption& o) { return o.names().constFirst() == name; });
    };

    out.configFile = configPath(arguments, environment);
    if (!out.configFile.isEmpty()) {
        const std::string path = out.configFile.toStdString();
        const auto text = readBoundedFile(path, kMaxConfigBytes);
        if (!text)
            return R::failure(text.error());
        const auto lines = parseKeyValueLines(text.value(), {kMaxConfigBytes, 256, 64, 8 * 1024});
        if (!lines)
            return R::failure(path + ": " + lines.error());
        for (const KeyValueLine& line : lines.value()) {
            const std::string where = path + ": line " + std::to_string(line.line) + ": ";
            const auto option = find(QString::fromStdString(line.key));
            if (option == layered.end())
                return R::failure(where + "unknown setting '" + line.key +
                                  "' (the settings are kse-backend's long options without their dashes)");
            auto more = argumentsFor(*option, QString::fromStdString(line.value));
            if (!more)
                return R::failure(where + more.error());
            out.arguments.append(more.value());
        }
    }

    for (const QCommandLineOption& option : layered) {
        const QString variable = environmentName(option.names().constFirst());
        const QString value = environment.value(variable);
        if (value.isEmpty())
            continue;
        auto more = argumentsFor(option, value);
        if (!more)
            return R::failure(variable.toStdString() + ": " + more.error());
        out.arguments.append(more.value());
    }
    out.arguments.append(arguments.mid(1));
    return R::success(std::move(out));
}

} // namespace kse
