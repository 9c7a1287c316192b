#include "platform_api/analytics_merge.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include "codec/flat_json.h"
#include "codec/json_cursor.h"
#include "codec/json_writer.h"
#include "domain/money.h"
#include "domain/price.h"

namespace kse {
namespace {

// The answers nest three deep (a summary's totals hold the orders); anything much deeper is not
// one of them, and the limit keeps hostile nesting from exhausting the stack.
constexpr int kMaxDepth = 8;

// A JSON value as read. Numbers keep their text, so money never passes through a double.
struct Node {
    enum class Kind { Object, Array, String, Number, Literal };
    Kind kind = Kind::Literal;
    std::string text;               // a string's content, a number's or a literal's text
    std::vector<std::string> names; // an object's member names, in order
    std::vector<Node> values;       // an object's member values, an array's items
};

bool read(JsonCursor& cursor, Node& node, int depth) {
    if (depth > kMaxDepth)
        return cursor.fail("nested too deeply");
    cursor.skipSpace();
    const char c = cursor.peek();
    std::string_view text;
    std::string scratch;
    if (c == '{' || c == '[') {
        const bool object = c == '{';
        const char close = object ? '}' : ']';
        node.kind = object ? Node::Kind::Object : Node::Kind::Array;
        cursor.consume(c);
        if (cursor.consume(close))
            return true;
        do {
            if (object) {
                if (!cursor.readString(text, scratch) || !cursor.expect(':', "':'"))
                    return false;
                node.names.emplace_back(text);
            }
            if (!read(cursor, node.values.emplace_back(), depth + 1))
                return false;
        } while (cursor.consume(','));
        return cursor.expect(close, object ? "',' or '}'" : "',' or ']'");
    }
    bool ok = false;
    if (c == '"') {
        node.kind = Node::Kind::String;
        ok = cursor.readString(text, scratch);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        node.kind = Node::Kind::Number;
        ok = cursor.readNumber(text);
    } else {
        ok = cursor.readLiteral(text);
    }
    if (ok)
        node.text = text;
    return ok;
}

Result<Node> parse(const std::string& json) {
    JsonCursor cursor(json);
    Node root;
    if (!read(cursor, root, 0) || !cursor.expectEnd())
        return Result<Node>::failure(cursor.error());
    return Result<Node>::success(std::move(root));
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// A JSON number (its grammar already checked) as ticks of 0.0001, exactly and of either sign:
// Price::parse takes amounts >= 0 only, and the most negative sum has no positive twin.
Result<std::int64_t> ticksOf(std::string_view text) {
    using R = Result<std::int64_t>;
    const bool negative = !text.empty() && text.front() == '-';
    if (negative)
        text.remove_prefix(1);
    // ticks = digits × 10^shift
    std::string digits;
    long shift = Price::kDecimals;
    std::size_t i = 0;
    for (; i < text.size() && isDigit(text[i]); ++i)
        digits += text[i];
    if (i < text.size() && text[i] == '.')
        for (++i; i < text.size() && isDigit(text[i]); ++i, --shift)
            digits += text[i];
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        const bool down = ++i < text.size() && text[i] == '-';
        if (i < text.size() && (text[i] == '+' || text[i] == '-'))
            ++i;
        long exponent = 0;
        const auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), exponent);
        if (ec != std::errc() || exponent > 1000)
            return R::failure("is out of range");
        shift += down ? -exponent : exponent;
        i = static_cast<std::size_t>(end - text.data());
    }
    if (digits.empty() || i != text.size())
        return R::failure("is not a number");
    while (shift < 0 && !digits.empty() && digits.back() == '0') {
        digits.pop_back();
        ++shift;
    }
    const auto first = digits.find_first_not_of('0');
    if (first == std::string::npos)
        return R::success(0);
    if (shift < 0)
        return R::failure("has more than 4 decimals");
    if (static_cast<long>(digits.size() - first) + shift > 20)
        return R::failure("is out of range");
    // In unsigned 64 bits, where the magnitude of the most negative amount fits too.
    const std::uint64_t limit = negative ? std::uint64_t{1} << 63 : std::uint64_t{INT64_MAX};
    std::uint64_t magnitude = 0;
    for (std::size_t k = first; k < digits.size(); ++k) {
        const auto d = static_cast<std::uint64_t>(digits[k] - '0');
        if (magnitude > (limit - d) / 10)
            return R::failure("is out of range");
        magnitude = magnitude * 10 + d;
    }
    for (long s = 0; s < shift; ++s) {
        if (magnitude > limit / 10)
            return R::failure("is out of range");
        magnitude *= 10;
    }
    return R::success(negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude));
}

// The members of one object of an answer, read as AnswerObject reads the platform's other
// answers: the first one missing or malformed is remembered with its path
// ("totals.orders.placed"), and reads after a failure give 0, so a reader reads everything and
// checks once.
class Fields {
public:
    Fields(const Node& node, std::string path, std::string& error)
        : m_node(&node), m_path(std::move(path)), m_error(error) {
        if (node.kind != Node::Kind::Object) {
            m_node = nullptr;
            fail(m_path, "must be an object");
        }
    }

    // A whole number >= 0: the counts and times.
    std::int64_t whole(std::string_view name) {
        const std::int64_t value = integer(name, "must be a whole number >= 0");
        if (value >= 0)
            return value;
        refuse(name, "must be a whole number >= 0");
        return 0;
    }
    // Absent: nothing.
    std::optional<std::int64_t> optionalWhole(std::string_view name) {
        if (m_node && !find(name))
            return std::nullopt;
        return whole(name);
    }
    // A whole number of either sign: a position, a minute.
    std::int64_t integer(std::string_view name) { return integer(name, "must be a whole number"); }
    // An amount of money of either sign with at most four decimals, in ticks.
    std::int64_t money(std::string_view name) {
        const Node* node = member(name, Node::Kind::Number, "must be a number");
        if (!node)
            return 0;
        const auto ticks = ticksOf(node->text);
        if (ticks)
            return ticks.value();
        refuse(name, ticks.error());
        return 0;
    }
    // A non-empty string.
    std::string text(std::string_view name) {
        const Node* node = member(name, Node::Kind::String, "must be a non-empty string");
        if (node && !node->text.empty())
            return node->text;
        if (node)
            refuse(name, "must be a non-empty string");
        return {};
    }
    // A number that is not read (it is computed again), but that the shape has.
    void number(std::string_view name) { member(name, Node::Kind::Number, "must be a number"); }
    Fields object(std::string_view name) {
        const Node* node = member(name, Node::Kind::Object, "must be an object");
        return Fields(node, pathOf(name), m_error);
    }
    // The objects of an array member.
    std::vector<Fields> items(std::string_view name) {
        std::vector<Fields> out;
        if (const Node* node = member(name, Node::Kind::Array, "must be an array"))
            for (std::size_t i = 0; i < node->values.size(); ++i)
                out.emplace_back(node->values[i], pathOf(name) + "[" + std::to_string(i) + "]", m_error);
        return out;
    }
    void refuse(std::string_view name, const std::string& why) { fail(pathOf(name), why); }

private:
    // An object that could not be read (its member already failed): every read gives 0.
    Fields(const Node* node, std::string path, std::string& error)
        : m_node(node), m_path(std::move(path)), m_error(error) {}

    const Node* find(std::string_view name) const {
        // From the back: with a repeated name the last one counts, as in FlatJson.
        for (std::size_t i = m_node->names.size(); i-- > 0;)
            if (m_node->names[i] == name)
                return &m_node->values[i];
        return nullptr;
    }
    const Node* member(std::string_view name, Node::Kind kind, const char* why) {
        if (!m_node)
            return nullptr;
        const Node* node = find(name);
        if (node && node->kind == kind)
            return node;
        refuse(name, why);
        return nullptr;
    }
    std::int64_t integer(std::string_view name, const char* why) {
        const Node* node = member(name, Node::Kind::Number, why);
        if (!node)
            return 0;
        if (const auto value = FlatJson::toInteger(node->text))
            return *value;
        refuse(name, why);
        return 0;
    }
    std::string pathOf(std::string_view name) const {
        return m_path.empty() ? std::string(name) : m_path + "." + std::string(name);
    }
    void fail(const std::string& path, const std::string& why) {
        if (m_error.empty())
            m_error = path.empty() ? why : path + ": " + why;
    }

    const Node* m_node;
    std::string m_path;
    std::string& m_error;
};

// Reads every answer with `merge(root, error)`; the reason the first bad one is refused, or nothing.
template <class Merge> std::optional<std::string> readAll(const std::vector<std::string>& answers, Merge&& merge) {
    if (answers.empty())
        return "no answers to merge";
    for (std::size_t i = 0; i < answers.size(); ++i) {
        const auto root = parse(answers[i]);
        std::string error = root ? std::string() : root.error();
        if (root)
            merge(root.value(), error);
        if (!error.empty())
            return "answer " + std::to_string(i + 1) + ": " + error;
    }
    return std::nullopt;
}

void add(std::int64_t& sum, std::int64_t value) { sum = saturatingAdd(sum, value); }

std::string money(std::int64_t ticks) { return Price::signedString(ticks); }

void append(std::string& list, const std::string& item) {
    if (!list.empty())
        list += ',';
    list += item;
}

std::string array(const std::string& items) { return "[" + items + "]"; }

constexpr std::array<std::string_view, 5> kOrderCounts{"placed", "cancel_requests", "filled", "cancelled", "rejected"};
using OrderCounts = std::array<std::int64_t, kOrderCounts.size()>;
constexpr std::size_t kPlaced = 0, kFilled = 2; // in kOrderCounts

void addOrders(Fields orders, OrderCounts& sums) {
    for (std::size_t i = 0; i < kOrderCounts.size(); ++i)
        add(sums[i], orders.whole(kOrderCounts[i]));
}

std::string ordersJson(const OrderCounts& sums) {
    JsonWriter writer;
    for (std::size_t i = 0; i < kOrderCounts.size(); ++i)
        writer.field(kOrderCounts[i], sums[i]);
    return writer.finish();
}

// A summary's "totals" or "last_hour".
struct Counts {
    std::int64_t logins = 0, views = 0;
    OrderCounts orders{};
    std::int64_t trades = 0, volume = 0, notional = 0;
};

void addCounts(Fields from, Counts& sums) {
    add(sums.logins, from.whole("logins"));
    add(sums.views, from.whole("views"));
    addOrders(from.object("orders"), sums.orders);
    add(sums.trades, from.whole("trades"));
    add(sums.volume, from.whole("volume"));
    add(sums.notional, from.money("notional"));
}

std::string countsJson(const Counts& c) {
    return JsonWriter()
        .field("logins", c.logins)
        .field("views", c.views)
        .number("orders", ordersJson(c.orders))
        .field("trades", c.trades)
        .field("volume", c.volume)
        .number("notional", money(c.notional))
        .finish();
}

constexpr std::array<std::string_view, 3> kWindows{"1m", "1h", "24h"};

struct Traded {
    std::int64_t notional = 0, volume = 0, trades = 0;
};

struct Summary {
    std::int64_t at = 0;
    std::array<std::int64_t, kWindows.size()> active{};
    std::int64_t users = 0;
    Counts totals, lastHour;
    std::map<std::string, std::int64_t> viewed;
    std::map<std::string, Traded> traded;
};

void addSummary(Fields answer, Summary& s) {
    s.at = std::max(s.at, answer.whole("at"));
    Fields active = answer.object("active_users");
    for (std::size_t i = 0; i < kWindows.size(); ++i)
        add(s.active[i], active.whole(kWindows[i]));
    add(s.users, answer.whole("users"));
    addCounts(answer.object("totals"), s.totals);
    addCounts(answer.object("last_hour"), s.lastHour);
    for (Fields& item : answer.items("top_viewed")) {
        const std::string symbol = item.text("symbol");
        add(s.viewed[symbol], item.whole("views"));
    }
    for (Fields& item : answer.items("top_traded")) {
        Traded& t = s.traded[item.text("symbol")];
        add(t.notional, item.money("notional"));
        add(t.volume, item.whole("volume"));
        add(t.trades, item.whole("trades"));
    }
}

// Ranked as the instances rank them, and like theirs without a symbol that has nothing to count.
std::string summaryJson(const Summary& s, std::size_t top) {
    std::vector<std::pair<std::string, std::int64_t>> viewed;
    std::copy_if(s.viewed.begin(), s.viewed.end(), std::back_inserter(viewed),
                 [](const auto& v) { return v.second > 0; });
    std::sort(viewed.begin(), viewed.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    std::vector<std::pair<std::string, Traded>> traded;
    std::copy_if(s.traded.begin(), s.traded.end(), std::back_inserter(traded),
                 [](const auto& t) { return t.second.trades > 0; });
    std::sort(traded.begin(), traded.end(), [](const auto& a, const auto& b) {
        return a.second.notional != b.second.notional ? a.second.notional > b.second.notional : a.first < b.first;
    });
    viewed.resize(std::min(viewed.size(), top));
    traded.resize(std::min(traded.size(), top));

    JsonWriter active;
    for (std::size_t i = 0; i < kWindows.size(); ++i)
        active.field(kWindows[i], s.active[i]);
    std::string viewedList, tradedList;
    for (const auto& [symbol, views] : viewed)
        append(viewedList, JsonWriter().field("symbol", symbol).field("views", views).finish());
    for (const auto& [symbol, t] : traded)
        append(tradedList, JsonWriter()
                               .field("symbol", symbol)
                               .number("notional", money(t.notional))
                               .field("volume", t.volume)
                               .field("trades", t.trades)
                               .finish());
    return JsonWriter()
        .field("at", s.at)
        .number("active_users", active.finish())
        .field("users", s.users)
        .number("totals", countsJson(s.totals))
        .number("last_hour", countsJson(s.lastHour))
        .number("top_viewed", array(viewedList))
        .number("top_traded", array(tradedList))
        .finish();
}

struct UserSymbol {
    std::int64_t views = 0, trades = 0, buyVolume = 0, sellVolume = 0, notional = 0, realized = 0, position = 0;
};

struct User {
    std::string id;
    std::int64_t logins = 0;
    std::optional<std::int64_t> lastSeen;
    std::int64_t views = 0;
    OrderCounts orders{};
    std::int64_t trades = 0, volume = 0, notional = 0, realized = 0;
    std::map<std::string, UserSymbol> symbols;
};

void addUser(Fields answer, User& u) {
    const std::string id = answer.text("user_id");
    if (u.id.empty())
        u.id = id;
    else if (id != u.id)
        answer.refuse("user_id", "names another user than the first answer");
    add(u.logins, answer.whole("logins"));
    if (const auto seen = answer.optionalWhole("last_seen"))
        u.lastSeen = std::max(u.lastSeen.value_or(*seen), *seen);
    add(u.views, answer.whole("views"));
    addOrders(answer.object("orders"), u.orders);
    answer.number("fill_ratio");
    add(u.trades, answer.whole("trades"));
    add(u.volume, answer.whole("volume"));
    add(u.notional, answer.money("notional"));
    add(u.realized, answer.money("realized_pnl"));
    for (Fields& item : answer.items("symbols")) {
        UserSymbol& s = u.symbols[item.text("symbol")];
        add(s.views, item.whole("views"));
        add(s.trades, item.whole("trades"));
        add(s.buyVolume, item.whole("buy_volume"));
        add(s.sellVolume, item.whole("sell_volume"));
        add(s.notional, item.money("notional"));
        add(s.realized, item.money("realized_pnl"));
        add(s.position, item.integer("position"));
    }
}

// filled / placed as the instances write it (a double through "%.4f"), so that the text is the same.
std::string fillRatio(std::int64_t filled, std::int64_t placed) {
    char ratio[32];
    std::snprintf(ratio, sizeof ratio, "%.4f",
                  placed > 0 ? static_cast<double>(filled) / static_cast<double>(placed) : 0.0);
    return ratio;
}

std::string userJson(const User& u) {
    std::string symbols;
    for (const auto& [symbol, s] : u.symbols) // by symbol, as the instances list them
        append(symbols, JsonWriter()
                            .field("symbol", symbol)
                            .field("views", s.views)
                            .field("trades", s.trades)
                            .field("buy_volume", s.buyVolume)
                            .field("sell_volume", s.sellVolume)
                            .number("notional", money(s.notional))
                            .number("realized_pnl", money(s.realized))
                            .field("position", s.position)
                            .finish());
    JsonWriter writer;
    writer.field("user_id", u.id).field("logins", u.logins);
    if (u.lastSeen)
        writer.field("last_seen", *u.lastSeen);
    return writer.field("views", u.views)
        .number("orders", ordersJson(u.orders))
        .number("fill_ratio", fillRatio(u.orders[kFilled], u.orders[kPlaced]))
        .field("trades", u.trades)
        .field("volume", u.volume)
        .number("notional", money(u.notional))
        .number("realized_pnl", money(u.realized))
        .number("symbols", array(symbols))
        .finish();
}

} // namespace

Result<std::string> AnalyticsMerge::summaries(const std::vector<std::string>& answers, std::size_t top) {
    Summary sums;
    const auto refused =
        readAll(answers, [&sums](const Node& root, std::string& error) { addSummary(Fields(root, {}, error), sums); });
    if (refused)
        return Result<std::string>::failure(*refused);
    return Result<std::string>::success(summaryJson(sums, top));
}

Result<std::string> AnalyticsMerge::users(const std::vector<std::string>& answers) {
    User sums;
    const auto refused =
        readAll(answers, [&sums](const Node& root, std::string& error) { addUser(Fields(root, {}, error), sums); });
    if (refused)
        return Result<std::string>::failure(*refused);
    return Result<std::string>::success(userJson(sums));
}

Result<std::string> AnalyticsMerge::series(const std::vector<std::string>& answers, Values values) {
    std::map<std::int64_t, std::int64_t> sums; // by minute
    const auto refused = readAll(answers, [&sums, values](const Node& root, std::string& error) {
        if (root.kind != Node::Kind::Array) {
            error = "must be an array";
            return;
        }
        for (std::size_t i = 0; i < root.values.size(); ++i) {
            Fields point(root.values[i], "[" + std::to_string(i) + "]", error);
            const std::int64_t minute = point.integer("minute");
            add(sums[minute], values == Values::Money ? point.money("value") : point.whole("value"));
        }
    });
    if (refused)
        return Result<std::string>::failure(*refused);
    std::string points;
    for (const auto& [minute, value] : sums) {
        JsonWriter point;
        point.field("minute", minute);
        if (values == Values::Money)
            point.number("value", money(value));
        else
            point.field("value", value);
        append(points, point.finish());
    }
    return Result<std::string>::success(array(points));
}

} // namespace kse
