#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <string>
#include <vector>

#include "support/scratch_dir.h"

namespace kse::test {

// kafka-zk/local-kafka on ports (from `port`) and data of a test's own; reset when it goes.
class LocalCluster {
public:
    explicit LocalCluster(const ScratchDir& dir, int port);
    ~LocalCluster();
    LocalCluster(const LocalCluster&) = delete;
    LocalCluster& operator=(const LocalCluster&) = delete;

    // Runs `local-kafka ARGUMENTS...`; true when it succeeded. output() has what it printed.
    bool run(const QStringList& arguments);
    const QString& output() const { return m_output; }
    QString bootstrap(); // every node's address, comma separated; empty when not running
    QString data() const;
    // The --kafka-config file `start --sasl` wrote for the principal `name` (e.g. kse-desktop).
    QString principal(const QString& name) const;

private:
    QProcessEnvironment m_environment;
    QString m_output;
};

// The command line of one service on the cluster at `brokers`, on any free port, with its state
// in `dir`.
QStringList serviceOnCluster(const QString& service, const QString& brokers, const ScratchDir& dir,
                             const QStringList& more = {});

// The command line of one service with the --kafka-config file `config` (a principal's, whose
// bootstrap.servers names the brokers), on any free port, with its state in `dir`.
QStringList serviceAsPrincipal(const QString& service, const QString& config, const ScratchDir& dir,
                               const QStringList& more = {});

// One partition as the cluster's metadata describes it (node ids as local-kafka numbers its nodes).
struct PartitionState {
    std::string topic;
    int partition = 0;
    int leader = -1; // -1: none
    std::vector<int> replicas;
    std::vector<int> inSync;
};

// Every partition of `topics` from the metadata of the cluster at `brokers`; empty when it did
// not answer within `timeoutMs` (or a topic is missing).
std::vector<PartitionState> partitionStates(const QString& brokers, const std::vector<std::string>& topics,
                                            int timeoutMs = 5'000);

} // namespace kse::test
