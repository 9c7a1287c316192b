#include "doc_runner.h"

#include "answer_pattern.h"
#include "doc_example.h"
#include "shell_session.h"

#include <QDeadlineTimer>
#include <QRegularExpression>
#include <QThread>

namespace kse::test {

namespace {

constexpr int kCommandTimeoutMs = 60'000;
// How long an "eventually" answer may take: it travels through Kafka and back.
constexpr int kEventuallyMs = 30'000;
constexpr int kAskAgainMs = 200;

bool agrees(const DocExample& example, const ShellSession::Result& result) {
    return result.finished && result.status == example.exitStatus &&
           (!example.answerGiven || AnswerPattern(example.answer).matches(result.output));
}

QString indented(const QString& text) {
    QString out = text;
    out.replace(QLatin1Char('\n'), QStringLiteral("\n      "));
    return QStringLiteral("      ") + out;
}

} // namespace

DocRunner::DocRunner(const QProcessEnvironment& environment, QString workingDirectory, QMap<QString, QString> renames)
    : m_environment(environment), m_workingDirectory(std::move(workingDirectory)), m_renames(std::move(renames)) {}

QString DocRunner::renamed(const QString& markdown) const {
    QString text = markdown;
    for (auto it = m_renames.cbegin(); it != m_renames.cend(); ++it)
        text.replace(QRegularExpression(QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(it.key()))),
                     it.value());
    return text;
}

QStringList DocRunner::run(const QString& fileName, const QString& markdown) const {
    QStringList failures;
    ShellSession shell(m_workingDirectory, m_environment);
    for (const DocExample& example : parseDocExamples(renamed(markdown))) {
        auto result = shell.run(example.command, kCommandTimeoutMs);
        if (example.eventually) {
            const QDeadlineTimer deadline(kEventuallyMs);
            while (result.finished && !agrees(example, result) && !deadline.hasExpired()) {
                QThread::msleep(kAskAgainMs); // asking again is the wait: the answer has no event to wait on
                result = shell.run(example.command, kCommandTimeoutMs);
            }
        }
        if (agrees(example, result))
            continue;
        QString message = QStringLiteral("%1:%2: %3\n").arg(fileName).arg(example.line).arg(example.command);
        if (!result.finished) {
            failures << message + QStringLiteral("    gave no answer within %1 s; the examples after it did not run")
                                      .arg(kCommandTimeoutMs / 1000);
            break;
        }
        message += QStringLiteral("    exit %1, answered:\n%2\n").arg(result.status).arg(indented(result.output));
        message += QStringLiteral("    the docs say: exit %1").arg(example.exitStatus);
        if (example.answerGiven)
            message +=
                QStringLiteral(", %1answer:\n%2")
                    .arg(example.eventually ? QStringLiteral("eventually the ") : QString(), indented(example.answer));
        failures << message;
    }
    return failures;
}

} // namespace kse::test
