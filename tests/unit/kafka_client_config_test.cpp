#include <gtest/gtest.h>

#include "kafka/kafka_client_config.h"

using kse::KafkaClientConfig;

TEST(KafkaClientConfig, ReadsKeyValueLinesAsKcatDoes) {
    const auto config = KafkaClientConfig::parse("# a managed cluster\n"
                                                 "\n"
                                                 "bootstrap.servers = b1:9093,b2:9093\r\n"
                                                 "security.protocol=SASL_SSL\n"
                                                 "  sasl.mechanism=SCRAM-SHA-512  \n"
                                                 "sasl.username=kse-platform\n"
                                                 "sasl.password=p=ss#word\n"
                                                 "ssl.ca.location=/etc/kse/ca.pem");
    ASSERT_TRUE(config) << config.error();
    EXPECT_EQ(config.value().brokers, "b1:9093,b2:9093");
    const KafkaClientConfig::Properties expected{{"security.protocol", "SASL_SSL"},
                                                 {"sasl.mechanism", "SCRAM-SHA-512"},
                                                 {"sasl.username", "kse-platform"},
                                                 {"sasl.password", "p=ss#word"},
                                                 {"ssl.ca.location", "/etc/kse/ca.pem"}};
    EXPECT_EQ(config.value().properties, expected);
    const auto empty = KafkaClientConfig::parse("");
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty.value().brokers.empty());
    EXPECT_TRUE(empty.value().properties.empty());
}

TEST(KafkaClientConfig, RefusesWhatWouldBreakAGuaranteeOrIsMalformed) {
    for (const char* reserved : {"enable.idempotence=false", "acks=1", "isolation.level=read_uncommitted",
                                 "group.id=mine", "transactional.id=x", "enable.auto.commit=true"}) {
        const auto refused = KafkaClientConfig::parse(std::string("security.protocol=SSL\n") + reserved);
        ASSERT_FALSE(refused) << reserved;
        EXPECT_NE(refused.error().find("line 2"), std::string::npos) << refused.error();
        EXPECT_NE(refused.error().find("KSE's to set"), std::string::npos) << refused.error();
    }
    for (const std::string& bad :
         {std::string("no equals sign"), std::string("=value"), std::string("a=1\na=2"),
          std::string("bootstrap.servers=a:1\nmetadata.broker.list=b:2"), std::string("bootstrap.servers="),
          std::string("key=va\x01lue"), std::string(300, 'k') + "=v",
          "key=" + std::string(KafkaClientConfig::kMaxValueBytes + 1, 'v'),
          std::string(KafkaClientConfig::kMaxFileBytes + 1, '#')})
        EXPECT_FALSE(KafkaClientConfig::parse(bad)) << bad.substr(0, 40);
    std::string many;
    for (std::size_t i = 0; i <= KafkaClientConfig::kMaxProperties; ++i)
        many += "k" + std::to_string(i) + "=v\n";
    EXPECT_FALSE(KafkaClientConfig::parse(many));
}
