#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>

namespace kse::test {

// One bash that runs commands one after another, as a reader types them into one terminal:
// variables and functions a command defines stay for the next ones.
class ShellSession {
public:
    struct Result {
        bool finished = false; // false: no answer in time, and the session is over
        int status = -1;
        QString output; // stdout and stderr together, without the final newline
    };

    ShellSession(const QString& workingDirectory, const QProcessEnvironment& environment);
    ~ShellSession();
    ShellSession(const ShellSession&) = delete;
    ShellSession& operator=(const ShellSession&) = delete;

    Result run(const QString& command, int timeoutMs);

private:
    QProcess m_bash;
    QString m_outputFile;
    QByteArray m_pending;
};

} // namespace kse::test
