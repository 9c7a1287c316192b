#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <string>

#include "support/topic_reader.h"

namespace kse::test {

// How often each tick id of one test's symbols appears in `stock-ingress`.
inline std::map<std::int64_t, int> countTickIds(const std::string& brokers, const std::string& symbolPrefix) {
    std::map<std::int64_t, int> counts;
    for (const auto& record : readTopic(brokers, "stock-ingress")) {
        if (record.key.rfind(symbolPrefix, 0) != 0)
            continue;
        const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(record.value)).object();
        ++counts[static_cast<std::int64_t>(json.value(QLatin1String("id")).toDouble())];
    }
    return counts;
}

// Every accepted id is in the topic exactly once, and nothing in the topic appears twice.
inline void expectExactlyOnce(const std::map<std::int64_t, int>& counts, const std::set<std::int64_t>& accepted) {
    std::size_t missing = 0;
    for (const auto id : accepted)
        if (!counts.contains(id))
            ++missing;
    EXPECT_EQ(missing, 0U) << "accepted ticks missing from Kafka";
    std::size_t doubled = 0;
    for (const auto& [id, count] : counts)
        if (count != 1)
            ++doubled;
    EXPECT_EQ(doubled, 0U) << "ticks found more than once";
}

} // namespace kse::test
