#include "user_analytics/analytics_queries.h"

#include <array>
#include <cstdio>
#include <map>
#include <string_view>

#include <sqlite3.h>

#include "codec/json_writer.h"
#include "domain/money.h"
#include "domain/price.h"

namespace kse {
namespace {

constexpr std::int64_t kMinute = 60'000;

// Series that are a column of `minutes`, by metric name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kMinuteColumns{{
    {"logins", "logins"},
    {"views", "views"},
    {"orders_placed", "placed"},
    {"cancel_requests", "cancel_requests"},
    {"orders_filled", "filled"},
    {"orders_cancelled", "cancelled"},
    {"orders_rejected", "rejected"},
    {"trades", "trades"},
    {"volume", "volume"},
    {"notional", "notional"},
}};

std::string money(std::int64_t ticks) { return Price::signedString(ticks); }

std::string array(const std::string& items) { return "[" + items + "]"; }

void append(std::string& list, const std::string& item) {
    if (!list.empty())
        list += ',';
    list += item;
}

// SSUM(x): SUM, but saturating like the counters it adds (statistics, not balances), where
// SQLite's SUM fails with "integer overflow"; 0 over no rows.
void saturatingSumStep(sqlite3_context* context, int, sqlite3_value** values) {
    auto* sum = static_cast<std::int64_t*>(sqlite3_aggregate_context(context, sizeof(std::int64_t)));
    if (sum != nullptr)
        *sum = saturatingAdd(*sum, sqlite3_value_int64(values[0]));
}

void saturatingSumFinal(sqlite3_context* context) {
    const auto* sum = static_cast<std::int64_t*>(sqlite3_aggregate_context(context, 0));
    sqlite3_result_int64(context, sum == nullptr ? 0 : *sum);
}

// Only the parts this member owns now count (AnalyticsStore).
constexpr std::string_view kOwned = " JOIN parts p ON p.id = t.part AND p.owned ";

std::string owned(std::string_view select, std::string_view table, std::string_view rest) {
    return std::string(select) + " FROM " + std::string(table) + " t" + std::string(kOwned) + std::string(rest);
}

} // namespace

AnalyticsQueries::AnalyticsQueries(const std::string& path) : m_db(path, SqliteDatabase::Mode::ReadOnly) {
    if (sqlite3_create_function_v2(m_db.handle(), "ssum", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, nullptr,
                                   saturatingSumStep, saturatingSumFinal, nullptr) != SQLITE_OK)
        throw std::runtime_error("sqlite: cannot define ssum");
    // Every user's activity is on one partition of `user-activity` (its key), so counting rows
    // counts users, and instances that split the partitions can add their answers.
    m_active = m_db.prepare(owned("SELECT COUNT(*)", "users", "WHERE t.last_seen > ?1"));
    m_totals = m_db.prepare(owned("SELECT SSUM(logins), SSUM(views), SSUM(placed), SSUM(cancel_requests), "
                                  "SSUM(filled), SSUM(cancelled), SSUM(rejected), SSUM(trades), SSUM(volume), "
                                  "SSUM(notional)",
                                  "minutes", "WHERE t.minute >= ?1"));
    m_topViewed = m_db.prepare(owned("SELECT t.symbol, SSUM(views) AS v", "symbols",
                                     "GROUP BY t.symbol HAVING v > 0 ORDER BY v DESC, t.symbol LIMIT ?1"));
    m_topTraded = m_db.prepare(owned("SELECT t.symbol, SSUM(notional) AS n, SSUM(volume), SSUM(trades) AS c", "symbols",
                                     "GROUP BY t.symbol HAVING c > 0 ORDER BY n DESC, t.symbol LIMIT ?1"));
    m_user = m_db.prepare(owned("SELECT MAX(last_seen), SSUM(logins), SSUM(views), SSUM(placed), "
                                "SSUM(cancel_requests), SSUM(filled), SSUM(cancelled), SSUM(rejected), SSUM(trades), "
                                "SSUM(volume), SSUM(notional), SSUM(realized)",
                                "users", "WHERE t.user_id = ?1 HAVING COUNT(*) > 0"));
    m_userSymbols = m_db.prepare(owned("SELECT t.symbol, SSUM(views), SSUM(trades), SSUM(buy_volume), "
                                       "SSUM(sell_volume), SSUM(notional), SSUM(realized), SSUM(position)",
                                       "user_symbols", "WHERE t.user_id = ?1 GROUP BY t.symbol ORDER BY t.symbol"));
    m_activeSeries = m_db.prepare(owned("SELECT t.minute, COUNT(DISTINCT t.user_id)", "minute_users",
                                        "WHERE t.minute >= ?1 AND t.minute <= ?2 GROUP BY t.minute"));
}

bool AnalyticsQueries::knownMetric(const std::string& metric) {
    if (metric == "active_users")
        return true;
    for (const auto& [name, column] : kMinuteColumns)
        if (name == metric)
            return true;
    return false;
}

std::string AnalyticsQueries::counts(std::int64_t since) {
    m_totals->bind(1, since);
    std::array<std::int64_t, 10> t{};
    if (m_totals->next()) {
        for (int i = 0; i < 10; ++i) // SUM of no rows is NULL
            t[static_cast<std::size_t>(i)] = m_totals->isNull(i) ? 0 : m_totals->integer(i);
        m_totals->reset();
    }
    const std::string orders = JsonWriter()
                                   .field("placed", t[2])
                                   .field("cancel_requests", t[3])
                                   .field("filled", t[4])
                                   .field("cancelled", t[5])
                                   .field("rejected", t[6])
                                   .finish();
    return JsonWriter()
        .field("logins", t[0])
        .field("views", t[1])
        .number("orders", orders)
        .field("trades", t[7])
        .field("volume", t[8])
        .number("notional", money(t[9]))
        .finish();
}

std::string AnalyticsQueries::summary(std::int64_t now, std::int64_t top) {
    JsonWriter active;
    for (const auto& [name, window] :
         {std::pair{"1m", kMinute}, std::pair{"1h", 60 * kMinute}, std::pair{"24h", 1'440 * kMinute}}) {
        m_active->bind(1, now - window);
        m_active->next();
        active.field(name, m_active->integer(0));
        m_active->reset();
    }
    m_active->bind(1, 0); // everyone whose activity was counted
    m_active->next();
    const std::int64_t users = m_active->integer(0);
    m_active->reset();
    std::string viewed, traded;
    m_topViewed->bind(1, top);
    m_topTraded->bind(1, top);
    while (m_topViewed->next())
        append(viewed,
               JsonWriter().field("symbol", m_topViewed->text(0)).field("views", m_topViewed->integer(1)).finish());
    while (m_topTraded->next())
        append(traded, JsonWriter()
                           .field("symbol", m_topTraded->text(0))
                           .number("notional", money(m_topTraded->integer(1)))
                           .field("volume", m_topTraded->integer(2))
                           .field("trades", m_topTraded->integer(3))
                           .finish());
    return JsonWriter()
        .field("at", now)
        .number("active_users", active.finish())
        .field("users", users)
        .number("totals", counts(0))
        .number("last_hour", counts(now - now % kMinute - 59 * kMinute))
        .number("top_viewed", array(viewed))
        .number("top_traded", array(traded))
        .finish();
}

std::optional<std::string> AnalyticsQueries::user(const std::string& userId) {
    m_user->bind(1, userId);
    if (!m_user->next())
        return std::nullopt;
    std::array<std::int64_t, 12> u{};
    for (int i = 0; i < 12; ++i)
        u[static_cast<std::size_t>(i)] = m_user->integer(i);
    m_user->reset();
    const std::int64_t placed = u[3], filled = u[5];
    char ratio[32];
    std::snprintf(ratio, sizeof ratio, "%.4f",
                  placed > 0 ? static_cast<double>(filled) / static_cast<double>(placed) : 0.0);
    std::string symbols;
    m_userSymbols->bind(1, userId);
    while (m_userSymbols->next())
        append(symbols, JsonWriter()
                            .field("symbol", m_userSymbols->text(0))
                            .field("views", m_userSymbols->integer(1))
                            .field("trades", m_userSymbols->integer(2))
                            .field("buy_volume", m_userSymbols->integer(3))
                            .field("sell_volume", m_userSymbols->integer(4))
                            .number("notional", money(m_userSymbols->integer(5)))
                            .number("realized_pnl", money(m_userSymbols->integer(6)))
                            .field("position", m_userSymbols->integer(7))
                            .finish());
    const std::string orders = JsonWriter()
                                   .field("placed", placed)
                                   .field("cancel_requests", u[4])
                                   .field("filled", filled)
                                   .field("cancelled", u[6])
                                   .field("rejected", u[7])
                                   .finish();
    JsonWriter writer;
    writer.field("user_id", userId).field("logins", u[1]);
    if (u[0] > 0)
        writer.field("last_seen", u[0]);
    return writer.field("views", u[2])
        .number("orders", orders)
        .number("fill_ratio", ratio)
        .field("trades", u[8])
        .field("volume", u[9])
        .number("notional", money(u[10]))
        .number("realized_pnl", money(u[11]))
        .number("symbols", array(symbols))
        .finish();
}

std::optional<std::string> AnalyticsQueries::series(const std::string& metric, std::int64_t from, std::int64_t to) {
    from -= ((from % kMinute) + kMinute) % kMinute;
    to -= ((to % kMinute) + kMinute) % kMinute;
    std::map<std::int64_t, std::int64_t> values;
    if (metric == "active_users") {
        m_activeSeries->bind(1, from).bind(2, to);
        while (m_activeSeries->next())
            values[m_activeSeries->integer(0)] = m_activeSeries->integer(1);
    } else {
        std::string_view column;
        for (const auto& [name, c] : kMinuteColumns)
            if (name == metric)
                column = c;
        if (column.empty())
            return std::nullopt;
        // The column name comes from the fixed table above, never from the request.
        auto query = m_db.prepare(owned("SELECT t.minute, SSUM(" + std::string(column) + ")", "minutes",
                                        "WHERE t.minute >= ?1 AND t.minute <= ?2 GROUP BY t.minute"));
        query->bind(1, from).bind(2, to);
        while (query->next())
            values[query->integer(0)] = query->integer(1);
    }
    std::string points;
    for (std::int64_t minute = from; minute <= to; minute += kMinute) {
        const auto it = values.find(minute);
        const std::int64_t value = it == values.end() ? 0 : it->second;
        JsonWriter point;
        point.field("minute", minute);
        if (metric == "notional")
            point.number("value", money(value));
        else
            point.field("value", value);
        append(points, point.finish());
    }
    return array(points);
}

} // namespace kse
