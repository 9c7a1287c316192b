// Attacks on the HTTP layer every service shares (LimitedTcpServer): oversized heads and bodies,
// requests that never finish, connections that never end, more connections than a server should
// hold. QtHttpServer 6.4 alone buffers all of them and waits for ever.
#include "support/backend_process.h"
#include "support/raw_connection.h"
#include "support/wait.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <gtest/gtest.h>

namespace kse::test {
namespace {

constexpr qint64 kMiB = 1024 * 1024;
const QByteArray kTick = R"({"id":1,"name":"AAPL","price":187.25})";

// A stock ingestor of its own (the quickest service to start), with `--http-limits` when given.
struct Ingestor {
    explicit Ingestor(const QString& limits = {})
        : process(QStringList{QStringLiteral("stock-ingestor"), QStringLiteral("--port"), QStringLiteral("0"),
                              QStringLiteral("--data-dir"), dir.path()} +
                  (limits.isEmpty() ? QStringList{} : QStringList{QStringLiteral("--http-limits"), limits})) {
        process.start();
    }
    ~Ingestor() {
        if (process.running()) {
            EXPECT_EQ(process.terminate(), 0) << process.output().toStdString();
        }
    }
    quint16 port() const { return process.port(); }
    QTemporaryDir dir;
    BackendProcess process;
};

// A field of /proc/PID/status in bytes ("VmRSS:  12345 kB").
qint64 memoryOf(qint64 pid, const char* field) {
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QRegularExpression line(QStringLiteral(R"(^%1:\s+(\d+) kB$)").arg(QLatin1String(field)),
                                  QRegularExpression::MultilineOption);
    const auto match = line.match(QString::fromLatin1(status.readAll()));
    return match.hasMatch() ? match.captured(1).toLongLong() * 1024 : -1;
}

QByteArray healthcheck() { return "GET /api/v1/healthcheck HTTP/1.1\r\nHost: kse\r\n\r\n"; }

QByteArray postTick() {
    return "POST /api/v1/stock HTTP/1.1\r\nHost: kse\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(kTick.size()) + "\r\n\r\n" + kTick;
}

// Whether a connection is served: a healthcheck on it is answered 200.
bool served(RawConnection& connection) {
    return connection.send(healthcheck()) && RawConnection::status(connection.readAnswer()) == 200;
}

// The ingestor's resident memory once it has served a request, with its peak (VmHWM) reset to
// it, so that what an attack adds can be read from the peak; -1 when it cannot be measured.
qint64 baseline(Ingestor& ingestor) {
    RawConnection warmUp(ingestor.port());
    if (!served(warmUp))
        return -1;
    const qint64 pid = ingestor.process.pid();
    const qint64 resident = memoryOf(pid, "VmRSS");
    QFile clearRefs(QStringLiteral("/proc/%1/clear_refs").arg(pid));
    return clearRefs.open(QIODevice::WriteOnly) && clearRefs.write("5") == 1 ? resident : -1;
}

TEST(HttpLimits, AHugeHeaderLineIsRefusedEarlyAndCostsTheServerNoMemory) {
    Ingestor ingestor;
    const qint64 pid = ingestor.process.pid();
    const qint64 before = baseline(ingestor);
    ASSERT_GT(before, 0);

    // A header line of 64 MiB, sent in pieces until an answer comes.
    RawConnection attacker(ingestor.port());
    ASSERT_TRUE(attacker.send("GET /api/v1/healthcheck HTTP/1.1\r\nHost: kse\r\nX-Padding: "));
    const QByteArray piece(256 * 1024, 'a');
    qint64 sent = 0;
    while (sent < 64 * kMiB && !attacker.poll() && attacker.send(piece))
        sent += piece.size();
    const QByteArray answer = attacker.readAnswer();
    EXPECT_EQ(RawConnection::status(answer), 431) << answer.toStdString();
    EXPECT_TRUE(RawConnection::body(answer).contains("header field is longer than 8192 bytes")) << answer.toStdString();
    EXPECT_LT(sent, 64 * kMiB) << "the answer came only after the whole line was sent";
    EXPECT_TRUE(attacker.waitForClose());

    const qint64 peak = memoryOf(pid, "VmHWM");
    ASSERT_GT(before, 0);
    EXPECT_LT(peak - before, 8 * kMiB) << "resident memory grew from " << before << " to a peak of " << peak;
    RawConnection after(ingestor.port());
    EXPECT_TRUE(served(after));
}

TEST(HttpLimits, AnOversizedBodyIsRefusedBeforeItsFirstByte) {
    Ingestor ingestor;
    RawConnection attacker(ingestor.port());
    // The head alone: not one byte of the 128 MiB it announces is ever sent.
    ASSERT_TRUE(attacker.send("POST /api/v1/stock HTTP/1.1\r\nHost: kse\r\nContent-Type: application/json\r\n"
                              "Content-Length: 134217728\r\n\r\n"));
    const QByteArray answer = attacker.readAnswer();
    EXPECT_EQ(RawConnection::status(answer), 413) << answer.toStdString();
    EXPECT_TRUE(RawConnection::body(answer).contains("larger than 1048576 bytes")) << answer.toStdString();
    EXPECT_TRUE(answer.contains("Connection: close"));
    EXPECT_TRUE(attacker.waitForClose());

    // A chunked body is counted as it arrives: refused at the size line that passes 1 MiB.
    RawConnection chunked(ingestor.port());
    ASSERT_TRUE(chunked.send("POST /api/v1/stock HTTP/1.1\r\nHost: kse\r\nTransfer-Encoding: chunked\r\n\r\n"
                             "80000\r\n" +
                             QByteArray(0x80000, ' ') + "\r\n80001\r\n"));
    EXPECT_EQ(RawConnection::status(chunked.readAnswer()), 413);
    EXPECT_TRUE(chunked.waitForClose());

    // Within the limit both framings reach the route.
    RawConnection fine(ingestor.port());
    ASSERT_TRUE(fine.send(postTick()));
    EXPECT_EQ(RawConnection::status(fine.readAnswer()), 201);
    const QByteArray chunkedTick = "POST /api/v1/stock HTTP/1.1\r\nHost: kse\r\nTransfer-Encoding: chunked\r\n\r\n" +
                                   QByteArray::number(kTick.size(), 16) + "\r\n" + kTick + "\r\n0\r\n\r\n";
    ASSERT_TRUE(fine.send(chunkedTick));
    EXPECT_EQ(RawConnection::status(fine.readAnswer()), 201);
}

TEST(HttpLimits, ExpectContinueIsAnsweredBeforeTheBody) {
    Ingestor ingestor;
    RawConnection client(ingestor.port());
    ASSERT_TRUE(client.send("POST /api/v1/stock HTTP/1.1\r\nHost: kse\r\nExpect: 100-continue\r\nContent-Length: " +
                            QByteArray::number(kTick.size()) + "\r\n\r\n"));
    EXPECT_EQ(client.readAnswer(), QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
    ASSERT_TRUE(client.send(kTick));
    EXPECT_EQ(RawConnection::status(client.readAnswer()), 201);
    // An expectation it cannot meet is refused, and so is one for a body that is too large.
    RawConnection odd(ingestor.port());
    ASSERT_TRUE(odd.send("POST /api/v1/stock HTTP/1.1\r\nHost: kse\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\n"));
    EXPECT_EQ(RawConnection::status(odd.readAnswer()), 417);
    RawConnection large(ingestor.port());
    ASSERT_TRUE(large.send("POST /api/v1/stock HTTP/1.1\r\nHost: kse\r\nExpect: 100-continue\r\n"
                           "Content-Length: 2000000\r\n\r\n"));
    EXPECT_EQ(RawConnection::status(large.readAnswer()), 413);
}

TEST(HttpLimits, RequestsThatNeverFinishAndIdleConnectionsAreClosed) {
    Ingestor ingestor(QStringLiteral("request-timeout-ms=500,idle-timeout-ms=500"));

    // Half a request: 408, then closed.
    RawConnection halfSent(ingestor.port());
    ASSERT_TRUE(halfSent.send("POST /api/v1/stock HTTP/1.1\r\nHost: kse\r\nContent-Length: 100\r\n\r\n{\"id\":"));
    const QByteArray answer = halfSent.readAnswer();
    EXPECT_EQ(RawConnection::status(answer), 408) << answer.toStdString();
    EXPECT_TRUE(halfSent.waitForClose());

    // A head dribbled a byte at a time (slowloris): its time runs from its first byte, so the
    // 408 comes while it is still being sent.
    RawConnection dribbler(ingestor.port());
    const QByteArray slowHead = "GET /api/v1/healthcheck HTTP/1.1\r\nHost: kse\r\nX-Slow: " + QByteArray(500, 'z');
    qsizetype next = 0;
    while (next < slowHead.size() && !dribbler.poll()) {
        ASSERT_TRUE(dribbler.send(slowHead.mid(next++, 1)));
        dribbler.socket().waitForReadyRead(50);
    }
    EXPECT_EQ(RawConnection::status(dribbler.readAnswer()), 408);
    EXPECT_LT(next, slowHead.size()) << "the head was sent whole before any answer";
    EXPECT_TRUE(dribbler.waitForClose());

    // A connection that never says anything: closed without a word.
    RawConnection silent(ingestor.port());
    EXPECT_TRUE(silent.waitForClose());
    EXPECT_TRUE(silent.pending().isEmpty());

    // A kept-alive connection after its answer: closed when idle.
    RawConnection idle(ingestor.port());
    EXPECT_TRUE(served(idle));
    EXPECT_TRUE(idle.waitForClose());
    EXPECT_TRUE(idle.pending().isEmpty());
}

TEST(HttpLimits, ConnectionsAreCappedPerServerAndPerClientAddress) {
    Ingestor ingestor(QStringLiteral("connections=3,per-client=2"));
    const QHostAddress first(QStringLiteral("127.0.0.1")), second(QStringLiteral("127.0.0.2")),
        third(QStringLiteral("127.0.0.3"));
    auto a = std::make_unique<RawConnection>(ingestor.port(), first);
    RawConnection b(ingestor.port(), first);
    ASSERT_TRUE(served(*a));
    ASSERT_TRUE(served(b));

    // A third connection from the same address is refused at once.
    RawConnection c(ingestor.port(), first);
    const QByteArray refused = c.send(healthcheck()) ? c.readAnswer() : QByteArray();
    EXPECT_NE(RawConnection::status(refused), 200) << refused.toStdString();
    EXPECT_TRUE(c.waitForClose());

    // Another address still gets one: the server's third.
    RawConnection d(ingestor.port(), second);
    EXPECT_TRUE(served(d));
    // And then the server is full, whoever asks.
    RawConnection e(ingestor.port(), third);
    const QByteArray full = e.send(healthcheck()) ? e.readAnswer() : QByteArray();
    EXPECT_NE(RawConnection::status(full), 200) << full.toStdString();
    EXPECT_TRUE(e.waitForClose());

    // A connection that ends frees its place.
    a.reset();
    EXPECT_TRUE(waitUntil([&] {
        RawConnection again(ingestor.port(), first);
        return served(again);
    }));
}

// Clients that pipeline requests and never read the answers would make the server hold every
// answer; each is dropped once a little more than one largest answer waits unread for it.
TEST(HttpLimits, ClientsThatNeverReadTheirAnswersAreDroppedBeforeTheyPinMemory) {
    Ingestor ingestor;
    const qint64 pid = ingestor.process.pid();
    const qint64 before = baseline(ingestor);
    ASSERT_GT(before, 0);
    const QByteArray metrics = "GET /metrics HTTP/1.1\r\nHost: kse\r\n\r\n";
    QByteArray batch;
    for (int i = 0; i < 40; ++i)
        batch += metrics;
    std::vector<std::unique_ptr<RawConnection>> readers;
    for (int i = 0; i < 16; ++i) {
        readers.push_back(std::make_unique<RawConnection>(ingestor.port()));
        ASSERT_TRUE(readers.back()->connected());
        readers.back()->socket().setReadBufferSize(1); // and never read
    }
    // A few requests at a time, so that the server reads them all and answers: the answers, 70
    // times the requests' size, pile up unread. 16 × 400 × 40 answers would be gigabytes.
    for (int round = 0; round < 400; ++round) {
        bool anyOpen = false;
        for (auto& reader : readers)
            if (reader->connected())
                anyOpen = reader->send(batch) || anyOpen;
        if (!anyOpen)
            break;
        QThread::msleep(2); // the attacker's pace: slow enough that each batch is read and answered
    }
    for (auto& reader : readers)
        EXPECT_TRUE(!reader->connected() || reader->waitForClose()) << "a client that never reads is dropped";
    const qint64 peak = memoryOf(pid, "VmHWM");
    EXPECT_LT(peak - before, 64 * kMiB) << "resident memory grew from " << before << " to a peak of " << peak;
    RawConnection after(ingestor.port());
    EXPECT_TRUE(served(after));
}

} // namespace
} // namespace kse::test
