// In `kse-backend all` each service answers HTTP on a thread of its own, so a flood that keeps
// one busy cannot slow another. The test does not flood (that would be a test of timing): it
// stops one service's thread outright — ptrace can stop a single thread of another process —
// and checks that the other four still answer while that one does not, until it is let go.
#include "support/backend_process.h"
#include "support/raw_connection.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <sys/ptrace.h>
#include <sys/wait.h>

namespace kse::test {
namespace {

const QStringList kServices{QStringLiteral("platform-api"), QStringLiteral("stock-ingestor"),
                            QStringLiteral("stock-aggregator"), QStringLiteral("order-processor"),
                            QStringLiteral("user-analytics")};

QByteArray healthcheck() { return "GET /api/v1/healthcheck HTTP/1.1\r\nHost: kse\r\n\r\n"; }

// The thread a ServiceThread named `service` runs: the first thread of the process with that
// name (the threads it starts later inherit the name). The system keeps 15 characters of it.
pid_t serviceThread(qint64 pid, const QString& service) {
    pid_t found = 0;
    const QString name = service.left(15);
    for (const QString& task :
         QDir(QStringLiteral("/proc/%1/task").arg(pid)).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(QStringLiteral("/proc/%1/task/%2/comm").arg(pid).arg(task));
        if (!comm.open(QIODevice::ReadOnly) || QString::fromLatin1(comm.readAll()).trimmed() != name)
            continue;
        const pid_t tid = task.toInt();
        if (found == 0 || tid < found)
            found = tid;
    }
    return found;
}

// Waiting for events, the thread is in a poll-family system call and holds no lock anyone else
// could need (a thread stopped inside malloc could stall the others for reasons of its own).
bool waitingInPoll(qint64 pid, pid_t tid) {
    QFile syscall(QStringLiteral("/proc/%1/task/%2/syscall").arg(pid).arg(tid));
    if (!syscall.open(QIODevice::ReadOnly))
        return false;
    const int number = syscall.readAll().split(' ').value(0).toInt();
    return number == 7 || number == 271 || number == 232 || number == 281 || number == 441; // poll, ppoll, epoll_*
}

// Stops one thread of another process (only that thread) until the object goes. The thread may
// be busy when asked (a connection just arrived, a timer fired): it is let go on and asked again
// until it is caught waiting, for as long as a loaded machine may need.
class FrozenThread {
public:
    FrozenThread(qint64 pid, pid_t tid) : m_tid(tid) {
        QDeadlineTimer deadline(std::chrono::seconds(20));
        while (!m_frozen && !deadline.hasExpired()) {
            if (::ptrace(PTRACE_SEIZE, tid, nullptr, nullptr) != 0) {
                m_error = QStringLiteral("ptrace(PTRACE_SEIZE): %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
                return;
            }
            int status = 0;
            if (::ptrace(PTRACE_INTERRUPT, tid, nullptr, nullptr) == 0 && ::waitpid(tid, &status, __WALL) == tid &&
                waitingInPoll(pid, tid)) {
                m_frozen = true;
                return;
            }
            ::ptrace(PTRACE_DETACH, tid, nullptr, nullptr); // caught while busy: let it go on
            QThread::msleep(2);
        }
        if (!m_frozen)
            m_error = QStringLiteral("the thread was never caught waiting for events");
    }
    ~FrozenThread() {
        if (m_frozen)
            ::ptrace(PTRACE_DETACH, m_tid, nullptr, nullptr);
    }
    FrozenThread(const FrozenThread&) = delete;
    FrozenThread& operator=(const FrozenThread&) = delete;
    bool frozen() const { return m_frozen; }
    const QString& error() const { return m_error; }

private:
    pid_t m_tid;
    bool m_frozen = false;
    QString m_error;
};

TEST(ServiceIsolation, AStoppedServiceDoesNotStopTheOthers) {
    QTemporaryDir dir;
    BackendProcess all({QStringLiteral("all"), QStringLiteral("--port"), QStringLiteral("0"),
                        QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--no-market-maker")});
    all.setEnvironment({{QStringLiteral("KSE_ADMIN_PASSWORD"), QStringLiteral("adminpass1")}});
    all.start();

    // Five threads, one per service.
    QSet<pid_t> threads;
    for (const QString& service : kServices) {
        const pid_t tid = serviceThread(all.pid(), service);
        ASSERT_NE(tid, 0) << "no thread named " << service.toStdString();
        threads.insert(tid);
    }
    EXPECT_EQ(threads.size(), kServices.size());

    for (const QString& stopped : kServices) {
        SCOPED_TRACE(stopped.toStdString());
        RawConnection waiting(all.port(stopped));
        {
            FrozenThread frozen(all.pid(), serviceThread(all.pid(), stopped));
            ASSERT_TRUE(frozen.frozen()) << frozen.error().toStdString();
            ASSERT_TRUE(waiting.send(healthcheck()));
            // Every other service answers while this one cannot...
            for (const QString& other : kServices) {
                if (other == stopped)
                    continue;
                RawConnection connection(all.port(other));
                ASSERT_TRUE(connection.send(healthcheck()));
                EXPECT_EQ(RawConnection::status(connection.readAnswer()), 200) << other.toStdString();
            }
            // ...and it has not answered meanwhile: its thread is the one that was stopped.
            EXPECT_FALSE(waiting.poll()) << waiting.pending().toStdString();
        }
        // Let go, it answers what waited.
        EXPECT_EQ(RawConnection::status(waiting.readAnswer()), 200);
    }
    EXPECT_EQ(all.terminate(), 0);
}

} // namespace
} // namespace kse::test
