#pragma once

#include <string>

struct rd_kafka_s;
struct rd_kafka_mock_cluster_s;

namespace kse {

// An in-process Kafka cluster (librdkafka's mock cluster) that other processes reach over TCP
// on 127.0.0.1. In memory only; it keeps at most 100,000 messages or 5 MiB per partition and
// does not honour transactions. Topics must be created here: it has no CreateTopics API.
class EmbeddedCluster {
public:
    explicit EmbeddedCluster(int brokers = 1);
    ~EmbeddedCluster();
    EmbeddedCluster(const EmbeddedCluster&) = delete;
    EmbeddedCluster& operator=(const EmbeddedCluster&) = delete;

    const std::string& bootstrapServers() const { return m_bootstrap; }
    void createTopic(const std::string& name, int partitions);

private:
    rd_kafka_s* m_host = nullptr;
    rd_kafka_mock_cluster_s* m_cluster = nullptr;
    std::string m_bootstrap;
};

} // namespace kse
