#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "store/sqlite_database.h"

namespace kse {

// The analytics as JSON, read from the analytics database (its own connection; WAL lets it
// read while the worker writes), counting only the parts this member owns now: what several
// members answer adds up to what one member owning every partition would answer.
class AnalyticsQueries {
public:
    static constexpr std::int64_t kMaxSeriesMinutes = 7 * 24 * 60;

    explicit AnalyticsQueries(const std::string& path);

    static constexpr std::int64_t kDefaultTop = 10, kMaxTop = 10'000;

    // Active users (last activity within 1 minute, 1 hour, 24 hours of `now`, exactly), the
    // totals, the last hour's totals and the `top` symbols by views and by notional.
    std::string summary(std::int64_t now, std::int64_t top = kDefaultTop);
    // One user's statistics, or nothing for a user never seen.
    std::optional<std::string> user(const std::string& userId);
    // [{"minute","value"}] for every minute from `from` to `to` (minute starts), zeros included;
    // nothing when `metric` is unknown.
    std::optional<std::string> series(const std::string& metric, std::int64_t from, std::int64_t to);
    static bool knownMetric(const std::string& metric);

private:
    std::string counts(std::int64_t since);
    SqliteDatabase m_db;
    std::unique_ptr<SqliteStatement> m_active, m_totals, m_topViewed, m_topTraded, m_user, m_userSymbols,
        m_activeSeries;
};

} // namespace kse
