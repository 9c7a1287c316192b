#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kafka/topic_partition_offset.h"
#include "store/sqlite_database.h"
#include "user_analytics/analytics_model.h"

namespace kse {

// The analytics' own SQLite database: per user, per user and symbol, per symbol and per minute
// counters, and who was active in which minute, each kept per part (one partition of one topic
// read), with every part's next offset written in one transaction with the counters it accounts
// for, and whether this member owns the part now. Queries (AnalyticsQueries) count only the parts
// owned, so what a member counted while it held a partition for a while stays out of its answers
// once the partition has moved on, and comes back, exact, if the partition does.
class AnalyticsStore {
public:
    using Offsets = std::map<std::pair<std::string, std::int32_t>, std::int64_t>;

    // A database of the earlier layout (counters not kept per part) is emptied, to be counted
    // again from the topics: its counters cannot be told apart by partition.
    explicit AnalyticsStore(const std::string& path);

    // The part of a topic's partition, made on first use.
    PartId part(const std::string& topic, std::int32_t partition);
    void write(const AnalyticsModel::Deltas& deltas, const std::vector<TopicPartitionOffset>& offsets);
    Offsets offsets();
    // One part's stored positions.
    AnalyticsModel::Positions positions(PartId part);
    // Whether this member owns these parts now; every part is disowned when the store opens.
    void own(const std::vector<PartId>& parts, bool owned);
    void disownAll();

private:
    void write(PartId part, const AnalyticsDelta& delta);
    void loadParts();

    SqliteDatabase m_db;
    std::map<std::pair<std::string, std::int32_t>, PartId> m_parts;
    std::unique_ptr<SqliteStatement> m_user, m_userSymbol, m_symbol, m_minute, m_minuteUser, m_newPart, m_saveOffset,
        m_readParts, m_positions, m_own;
};

} // namespace kse
