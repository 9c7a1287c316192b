#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "store/sqlite_database.h"

namespace kse {

// The analytics as JSON, read from the analytics database (its own connection; WAL lets it
// read while the worker writes).
class AnalyticsQueries {
public:
    static constexpr std::int64_t kMaxSeriesMinutes = 7 * 24 * 60;

    explicit AnalyticsQueries(const std::string& path);

    // Active users (last activity within 1 minute, 1 hour, 24 hours of `now`, exactly), the
    // totals, the last hour's totals and the top symbols.
    std::string summary(std::int64_t now);
    // One user's statistics, or nothing for a user never seen.
    std::optional<std::string> user(const std::string& userId);
    // [{"minute","value"}] for every minute from `from` to `to` (minute starts), zeros included;
    // nothing when `metric` is unknown.
    std::optional<std::string> series(const std::string& metric, std::int64_t from, std::int64_t to);
    static bool knownMetric(const std::string& metric);

private:
    std::string counts(std::int64_t since);
    SqliteDatabase m_db;
    std::unique_ptr<SqliteStatement> m_active, m_users, m_totals, m_topViewed, m_topTraded, m_user, m_userSymbols,
        m_activeSeries;
};

} // namespace kse
