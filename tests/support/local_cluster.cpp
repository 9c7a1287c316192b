#include "support/local_cluster.h"

#include <QProcess>
#include <algorithm>
#include <librdkafka/rdkafkacpp.h>
#include <memory>

namespace kse::test {

LocalCluster::LocalCluster(const ScratchDir& dir, int port) : m_environment(QProcessEnvironment::systemEnvironment()) {
    m_environment.insert(QStringLiteral("KSE_KAFKA_PORT"), QString::number(port));
    m_environment.remove(QStringLiteral("KSE_KAFKA_CONTROLLER_PORT"));
    m_environment.insert(QStringLiteral("KSE_KAFKA_DATA"), QString::fromStdString(dir.file("cluster")));
}

LocalCluster::~LocalCluster() { run({QStringLiteral("reset")}); }

bool LocalCluster::run(const QStringList& arguments) {
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(KSE_LOCAL_KAFKA_PATH), arguments);
    const bool done = process.waitForFinished(180'000) && process.exitCode() == 0;
    m_output = QString::fromUtf8(process.readAll());
    return done;
}

QString LocalCluster::bootstrap() { return run({QStringLiteral("bootstrap")}) ? m_output.trimmed() : QString(); }

QString LocalCluster::data() const { return m_environment.value(QStringLiteral("KSE_KAFKA_DATA")); }

QString LocalCluster::principal(const QString& name) const {
    return data() + QStringLiteral("/sasl/") + name + QStringLiteral(".properties");
}

namespace {

// A service on any free port, its state in `dir`, with these options after.
QStringList serviceIn(const QString& service, const ScratchDir& dir, const QStringList& more) {
    return QStringList{service, QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--data-dir"),
                       QString::fromStdString(dir.file(service.toStdString()))} +
           more;
}

} // namespace

QStringList serviceOnCluster(const QString& service, const QString& brokers, const ScratchDir& dir,
                             const QStringList& more) {
    return serviceIn(service, dir, QStringList{QStringLiteral("--brokers"), brokers} + more);
}

QStringList serviceAsPrincipal(const QString& service, const QString& config, const ScratchDir& dir,
                               const QStringList& more) {
    return serviceIn(service, dir, QStringList{QStringLiteral("--kafka-config"), config} + more);
}

std::vector<PartitionState> partitionStates(const QString& brokers, const std::vector<std::string>& topics,
                                            int timeoutMs) {
    std::string error;
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    conf->set("bootstrap.servers", brokers.toStdString(), error);
    conf->set("log_level", "0", error); // a node that is down is expected here, not news
    std::unique_ptr<RdKafka::Producer> client(RdKafka::Producer::create(conf.get(), error));
    RdKafka::Metadata* raw = nullptr;
    if (!client || client->metadata(true, nullptr, &raw, timeoutMs) != RdKafka::ERR_NO_ERROR)
        return {};
    const std::unique_ptr<RdKafka::Metadata> metadata(raw);
    std::vector<PartitionState> out;
    std::size_t found = 0;
    for (const auto* t : *metadata->topics()) {
        if (std::find(topics.begin(), topics.end(), t->topic()) == topics.end() || t->err() != RdKafka::ERR_NO_ERROR)
            continue;
        ++found;
        for (const auto* p : *t->partitions())
            out.push_back({t->topic(),
                           p->id(),
                           p->leader(),
                           {p->replicas()->begin(), p->replicas()->end()},
                           {p->isrs()->begin(), p->isrs()->end()}});
    }
    return found == topics.size() ? out : std::vector<PartitionState>{};
}

} // namespace kse::test
