#pragma once

#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace kse::test {

// A real kse-backend child process. Its stdout announces the embedded cluster and the HTTP
// port ("--port 0" picks a free one), which start() waits for.
class BackendProcess {
public:
    explicit BackendProcess(QStringList arguments);
    ~BackendProcess();
    // Variables added to the inherited environment (before start()).
    void setEnvironment(const QMap<QString, QString>& variables);

    // Starts and waits until the service listens; fails the test with the output otherwise.
    void start(int timeoutMs = 30'000);
    quint16 port() const { return m_port; } // the first service's
    quint16 port(const QString& service) const { return m_ports.value(service); }
    QString baseUrl() const;
    QString baseUrl(const QString& service) const;
    QString brokers() const { return m_brokers; } // the embedded cluster, when there is one
    // SIGTERM, then waits for the exit code.
    int terminate(int timeoutMs = 60'000);
    void kill();
    void sendSignal(int signalNumber);
    QString output(); // everything it printed so far, stdout and stderr
    bool running() const { return m_process.state() != QProcess::NotRunning; }
    qint64 pid() const { return m_process.processId(); } // 0 when not running

private:
    void readOutput();

    QStringList m_arguments;
    QProcess m_process;
    QString m_output;
    quint16 m_port = 0;
    QMap<QString, quint16> m_ports;
    QString m_brokers;
};

} // namespace kse::test
