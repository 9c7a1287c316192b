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
// counters, who was active in which minute, and the next offset of every partition read, always
// written in one transaction with the counters they account for.
class AnalyticsStore {
public:
    using Offsets = std::map<std::pair<std::string, std::int32_t>, std::int64_t>;

    explicit AnalyticsStore(const std::string& path);

    void write(const AnalyticsDelta& delta, const std::vector<TopicPartitionOffset>& offsets);
    Offsets offsets();
    // Every stored position, to start from without a query per user and symbol.
    AnalyticsModel::Positions positions();

private:
    SqliteDatabase m_db;
    std::unique_ptr<SqliteStatement> m_user, m_userSymbol, m_symbol, m_minute, m_minuteUser, m_saveOffset, m_offsets,
        m_positions;
};

} // namespace kse
