#include "kafka/embedded_cluster.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "kafka/kafka_error.h"

namespace kse {

EmbeddedCluster::EmbeddedCluster(int brokers) {
    char error[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    // The mock cluster lives inside a client handle; this one only hosts it and never connects.
    m_host = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (!m_host)
        throw KafkaError(std::string("embedded kafka: ") + error);
    m_cluster = rd_kafka_mock_cluster_new(m_host, brokers);
    if (!m_cluster) {
        rd_kafka_destroy(m_host);
        throw KafkaError("embedded kafka: cannot start the mock cluster");
    }
    m_bootstrap = rd_kafka_mock_cluster_bootstraps(m_cluster);
}

EmbeddedCluster::~EmbeddedCluster() {
    rd_kafka_mock_cluster_destroy(m_cluster);
    rd_kafka_destroy(m_host);
}

void EmbeddedCluster::createTopic(const std::string& name, int partitions) {
    const auto err = rd_kafka_mock_topic_create(m_cluster, name.c_str(), partitions, 1);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
        throw KafkaError("embedded kafka: topic " + name + ": " + rd_kafka_err2str(err));
}

} // namespace kse
