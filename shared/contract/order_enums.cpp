#include "contract/order_enums.h"

#include <array>
#include <utility>

namespace kse {
namespace {

// One table per enum, in the enum's order: the name of a value is its entry, and parsing is the
// reverse lookup, so the two directions cannot disagree.
constexpr std::array kSides{std::pair{Side::Buy, std::string_view("buy")},
                            std::pair{Side::Sell, std::string_view("sell")}};
constexpr std::array kTypes{std::pair{OrderType::Limit, std::string_view("limit")},
                            std::pair{OrderType::Market, std::string_view("market")}};
constexpr std::array kTifs{std::pair{TimeInForce::Gtc, std::string_view("gtc")},
                           std::pair{TimeInForce::Ioc, std::string_view("ioc")},
                           std::pair{TimeInForce::Fok, std::string_view("fok")}};
constexpr std::array kStatuses{std::pair{OrderStatus::Accepted, std::string_view("accepted")},
                               std::pair{OrderStatus::Rejected, std::string_view("rejected")},
                               std::pair{OrderStatus::PartiallyFilled, std::string_view("partially_filled")},
                               std::pair{OrderStatus::Filled, std::string_view("filled")},
                               std::pair{OrderStatus::Cancelled, std::string_view("cancelled")},
                               std::pair{OrderStatus::Pending, std::string_view("pending")}};

template <typename Table, typename Enum> std::string_view nameIn(const Table& table, Enum value) {
    for (const auto& [entry, name] : table)
        if (entry == value)
            return name;
    return "unknown"; // a value outside the enum (e.g. an unknown tif carried past Fok)
}

template <typename Table>
auto parseIn(const Table& table, std::string_view name) -> std::optional<typename Table::value_type::first_type> {
    for (const auto& [entry, entryName] : table)
        if (entryName == name)
            return entry;
    return std::nullopt;
}

} // namespace

std::string_view sideName(Side side) { return nameIn(kSides, side); }
std::string_view orderTypeName(OrderType type) { return nameIn(kTypes, type); }
std::string_view timeInForceName(TimeInForce tif) { return nameIn(kTifs, tif); }
std::string_view statusName(OrderStatus status) { return nameIn(kStatuses, status); }
std::optional<Side> parseSide(std::string_view name) { return parseIn(kSides, name); }
std::optional<OrderType> parseOrderType(std::string_view name) { return parseIn(kTypes, name); }
std::optional<TimeInForce> parseTimeInForce(std::string_view name) { return parseIn(kTifs, name); }
std::optional<OrderStatus> parseStatus(std::string_view name) { return parseIn(kStatuses, name); }

} // namespace kse
