#pragma once

#include <QProcess>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>
#include <cstdlib>

namespace kse::test {

// The real broker that scripts/test started (KSE_TEST_BROKERS); tests fail, never skip, when
// it is not there.
inline QString testBrokers() {
    const char* brokers = std::getenv("KSE_TEST_BROKERS");
    return QString::fromLatin1(brokers && *brokers ? brokers : "127.0.0.1:9092");
}

// The command line of one service on any free port, on the test broker, with its state in `dataDir`.
inline QStringList serviceOnTestBrokers(const QString& service, const QString& dataDir) {
    return {service,
            QStringLiteral("--port"),
            QStringLiteral("0"),
            QStringLiteral("--brokers"),
            testBrokers(),
            QStringLiteral("--data-dir"),
            dataDir};
}

// Runs `kafka-zk/local-kafka COMMAND` with this environment (ports and data dir); true on success.
inline bool localKafka(const QString& command) {
    return QProcess::execute(QStringLiteral(KSE_LOCAL_KAFKA_PATH), {command}) == 0;
}

// A prefix no earlier run has used, so tests sharing a broker never see each other's messages.
inline QString uniqueTag(const QString& stem) {
    return stem + QString::number(QRandomGenerator::global()->generate() % 1'000'000'000, 36).toUpper();
}

} // namespace kse::test
