#include "user_analytics/analytics_queries.h"

#include <array>
#include <cstdio>
#include <map>
#include <string_view>

#include "codec/json_writer.h"
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

} // namespace

AnalyticsQueries::AnalyticsQueries(const std::string& path) : m_db(path, SqliteDatabase::Mode::ReadOnly) {
    m_active = m_db.prepare("SELECT COUNT(*) FROM users WHERE last_seen > ?1");
    m_users = m_db.prepare("SELECT COUNT(*) FROM users");
    m_totals = m_db.prepare("SELECT SUM(logins), SUM(views), SUM(placed), SUM(cancel_requests), SUM(filled), "
                            "SUM(cancelled), SUM(rejected), SUM(trades), SUM(volume), SUM(notional) "
                            "FROM minutes WHERE minute >= ?1");
    m_topViewed =
        m_db.prepare("SELECT symbol, views FROM symbols WHERE views > 0 ORDER BY views DESC, symbol LIMIT 10");
    m_topTraded = m_db.prepare("SELECT symbol, notional, volume, trades FROM symbols WHERE trades > 0 "
                               "ORDER BY notional DESC, symbol LIMIT 10");
    m_user =
        m_db.prepare("SELECT last_seen, logins, views, placed, cancel_requests, filled, cancelled, rejected, trades, "
                     "volume, notional, realized FROM users WHERE user_id = ?1");
    m_userSymbols = m_db.prepare("SELECT symbol, views, trades, buy_volume, sell_volume, notional, realized, position "
                                 "FROM user_symbols WHERE user_id = ?1 ORDER BY symbol");
    m_activeSeries = m_db.prepare("SELECT minute, COUNT(*) FROM minute_users WHERE minute >= ?1 AND minute <= ?2 "
                                  "GROUP BY minute");
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

std::string AnalyticsQueries::summary(std::int64_t now) {
    JsonWriter active;
    for (const auto& [name, window] :
         {std::pair{"1m", kMinute}, std::pair{"1h", 60 * kMinute}, std::pair{"24h", 1'440 * kMinute}}) {
        m_active->bind(1, now - window);
        m_active->next();
        active.field(name, m_active->integer(0));
        m_active->reset();
    }
    m_users->next();
    const std::int64_t users = m_users->integer(0);
    m_users->reset();
    std::string viewed, traded;
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
        auto query =
            m_db.prepare("SELECT minute, " + std::string(column) + " FROM minutes WHERE minute >= ?1 AND minute <= ?2");
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
