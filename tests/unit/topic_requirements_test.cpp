#include <gtest/gtest.h>

#include "contract/topics.h"
#include "kafka/topic_requirements.h"

using namespace kse;

namespace {

TopicSpec forever() { return {"orders", -1, "resting orders need it"}; }
TopicSpec week() { return {"stock-ingress", 7LL * 24 * 60 * 60 * 1000, "readers catch up within it"}; }

bool mentions(const std::vector<std::string>& notes, const std::string& text) {
    return std::any_of(notes.begin(), notes.end(),
                       [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

} // namespace

TEST(TopicRequirements, ThreeReplicasWhereTheClusterHasThemTwoOfThemForAWrite) {
    EXPECT_EQ(replicationFactorFor(TopicPlan{}, 1), 1);
    EXPECT_EQ(replicationFactorFor(TopicPlan{}, 2), 2);
    EXPECT_EQ(replicationFactorFor(TopicPlan{}, 3), 3);
    EXPECT_EQ(replicationFactorFor(TopicPlan{}, 9), 3);
    EXPECT_EQ(replicationFactorFor(TopicPlan{6, 5}, 9), 5);
    EXPECT_EQ(minInsyncReplicasFor(1), 1);
    EXPECT_EQ(minInsyncReplicasFor(2), 1);
    EXPECT_EQ(minInsyncReplicasFor(3), 2);
    const auto settings = creationSettings(forever(), 3);
    EXPECT_EQ(settings.at("retention.ms"), "-1");
    EXPECT_EQ(settings.at("retention.bytes"), "-1");
    EXPECT_EQ(settings.at("min.insync.replicas"), "2");
    EXPECT_EQ(creationSettings(week(), 1).at("retention.ms"), "604800000");
    EXPECT_EQ(creationSettings(week(), 1).at("min.insync.replicas"), "1");
    EXPECT_EQ(creationSettings(week(), 1).count("retention.bytes"), 0u);
}

TEST(TopicRequirements, ATopicAsKseWantsItFallsShortOfNothing) {
    EXPECT_TRUE(shortfalls(forever(), 3, {3, -1, -1, 2}).empty());
    EXPECT_TRUE(shortfalls(week(), 3, {3, 30LL * 24 * 60 * 60 * 1000, -1, 2}).empty());        // longer is fine
    EXPECT_TRUE(shortfalls(week(), 1, {1, std::nullopt, std::nullopt, std::nullopt}).empty()); // not said
}

TEST(TopicRequirements, EachShortfallIsNamedWithItsRisk) {
    const auto fewReplicas = shortfalls(week(), 3, {1, -1, -1, 1});
    ASSERT_EQ(fewReplicas.size(), 1u) << fewReplicas.front();
    EXPECT_TRUE(mentions(fewReplicas, "topic stock-ingress: 1 replica a partition, below the 3"));
    const auto oneIsr = shortfalls(week(), 3, {3, -1, -1, 1});
    ASSERT_EQ(oneIsr.size(), 1u);
    EXPECT_TRUE(mentions(oneIsr, "min.insync.replicas=1, below 2"));
    const auto brief = shortfalls(forever(), 1, {1, 7LL * 24 * 60 * 60 * 1000, -1, 1});
    ASSERT_EQ(brief.size(), 1u);
    EXPECT_TRUE(mentions(brief, "topic orders: kept 7 days, less than for ever (retention.ms=-1): resting orders"));
    EXPECT_TRUE(mentions(shortfalls(week(), 1, {1, 3LL * 60 * 60 * 1000, -1, 1}), "kept 3 hours, less than 7 days"));
    EXPECT_TRUE(mentions(shortfalls(forever(), 1, {1, -1, 1'000'000, 1}), "retention.bytes=1000000 may delete"));
}

TEST(TopicRequirements, TheContractSaysHowLongEachTopicIsKept) {
    for (const std::string& topic : topics::all()) {
        const auto retention = topics::retention(topic);
        EXPECT_TRUE(retention.ms == -1 || retention.ms >= 7LL * 24 * 60 * 60 * 1000) << topic;
        EXPECT_NE(std::string(retention.why), "") << topic;
    }
    EXPECT_EQ(topics::retention(topics::kOrders).ms, -1);
}
