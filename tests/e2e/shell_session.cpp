#include "shell_session.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace kse::test {

namespace {

// Printed by bash after each command; the command's own output goes to a file, so this line is
// the only thing on bash's stdout.
const QByteArray kStatusMark = "__kse_doc_status ";

QString shellQuoted(const QString& text) {
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace

ShellSession::ShellSession(const QString& workingDirectory, const QProcessEnvironment& environment)
    : m_outputFile(QDir(workingDirectory).filePath(QStringLiteral(".doc-example-output"))) {
    m_bash.setWorkingDirectory(workingDirectory);
    m_bash.setProcessEnvironment(environment);
    m_bash.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_bash.start(QStringLiteral("bash"), {QStringLiteral("--norc"), QStringLiteral("--noprofile")});
    m_bash.waitForStarted(10'000);
}

ShellSession::~ShellSession() {
    if (m_bash.state() == QProcess::NotRunning)
        return;
    m_bash.closeWriteChannel();
    if (!m_bash.waitForFinished(5'000)) {
        m_bash.kill();
        m_bash.waitForFinished(5'000);
    }
}

ShellSession::Result ShellSession::run(const QString& command, int timeoutMs) {
    Result result;
    if (m_bash.state() != QProcess::Running)
        return result;
    // The command reads nothing from bash's stdin, which carries the commands that follow it.
    const QString script = QStringLiteral("{ %1\n} </dev/null >%2 2>&1; echo \"%3$?\"\n")
                               .arg(command, shellQuoted(m_outputFile), QString::fromLatin1(kStatusMark));
    m_bash.write(script.toUtf8());
    static const QRegularExpression statusLine(QStringLiteral("%1(\\d+)\\n").arg(QString::fromLatin1(kStatusMark)));
    const QDeadlineTimer deadline(timeoutMs);
    while (true) {
        const auto match = statusLine.match(QString::fromUtf8(m_pending));
        if (match.hasMatch()) {
            result.status = match.captured(1).toInt();
            m_pending.clear();
            break;
        }
        if (deadline.hasExpired() || m_bash.state() != QProcess::Running) {
            m_bash.kill();
            m_bash.waitForFinished(5'000);
            return result;
        }
        m_bash.waitForReadyRead(static_cast<int>(std::min<qint64>(deadline.remainingTime(), 1'000)));
        m_pending += m_bash.readAllStandardOutput();
    }
    QFile output(m_outputFile);
    if (output.open(QIODevice::ReadOnly))
        result.output = QString::fromUtf8(output.readAll());
    while (result.output.endsWith(QLatin1Char('\n')))
        result.output.chop(1);
    result.finished = true;
    return result;
}

} // namespace kse::test
