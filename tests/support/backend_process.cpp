#include "support/backend_process.h"

#include <QDeadlineTimer>
#include <QRegularExpression>
#include <csignal>
#include <gtest/gtest.h>

namespace kse::test {

BackendProcess::BackendProcess(QStringList arguments) : m_arguments(std::move(arguments)) {
    m_process.setProgram(QStringLiteral(KSE_BACKEND_PATH));
    m_process.setArguments(m_arguments);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

BackendProcess::~BackendProcess() {
    if (running())
        kill();
}

void BackendProcess::setEnvironment(const QMap<QString, QString>& variables) {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (auto it = variables.cbegin(); it != variables.cend(); ++it)
        environment.insert(it.key(), it.value());
    m_process.setProcessEnvironment(environment);
}

void BackendProcess::readOutput() { m_output += QString::fromUtf8(m_process.readAll()); }

QString BackendProcess::output() {
    readOutput();
    return m_output;
}

QString BackendProcess::baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }

QString BackendProcess::baseUrl(const QString& service) const {
    return QStringLiteral("http://127.0.0.1:%1").arg(port(service));
}

void BackendProcess::start(int timeoutMs) {
    m_process.start();
    ASSERT_TRUE(m_process.waitForStarted(10'000)) << "cannot start " KSE_BACKEND_PATH;
    static const QRegularExpression listening(QStringLiteral(R"(http: (\S+) listening on [\d.]+:(\d+))"));
    // Logged once every service of the process listens.
    static const QRegularExpression started(QStringLiteral("kse-backend started"));
    static const QRegularExpression embedded(QStringLiteral(R"(kafka: embedded cluster at (\S+))"));
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        m_process.waitForReadyRead(100);
        readOutput();
        if (const auto match = embedded.match(m_output); match.hasMatch())
            m_brokers = match.captured(1);
        if (started.match(m_output).hasMatch()) {
            for (auto it = listening.globalMatch(m_output); it.hasNext();) {
                const auto match = it.next();
                const auto port = static_cast<quint16>(match.captured(2).toUInt());
                if (m_ports.isEmpty())
                    m_port = port;
                m_ports.insert(match.captured(1), port);
            }
            return;
        }
        if (!running())
            break;
    }
    FAIL() << "kse-backend did not start listening; output:\n" << m_output.toStdString();
}

int BackendProcess::terminate(int timeoutMs) {
    if (!running())
        return m_process.exitCode();
    sendSignal(SIGTERM);
    const bool exited = m_process.waitForFinished(timeoutMs);
    readOutput();
    EXPECT_TRUE(exited) << "kse-backend did not stop after SIGTERM";
    return exited && m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

void BackendProcess::sendSignal(int signalNumber) { ::kill(static_cast<pid_t>(m_process.processId()), signalNumber); }

void BackendProcess::kill() {
    m_process.kill();
    m_process.waitForFinished(10'000);
    readOutput();
}

} // namespace kse::test
