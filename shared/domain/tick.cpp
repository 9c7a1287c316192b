#include "domain/tick.h"

#include <algorithm>

namespace kse {

std::optional<std::string> symbolError(std::string_view symbol) {
    if (symbol.empty())
        return "Name cannot be empty";
    if (symbol.size() > kMaxSymbolLength)
        return "Name must be at most 32 characters";
    const bool allowed = std::ranges::all_of(symbol, [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
               c == '-' || c == '_' || c == '^';
    });
    if (!allowed)
        return "Name may contain only letters, digits and . - _ ^";
    return std::nullopt;
}

std::optional<std::string> tickError(const Tick& tick) {
    if (auto error = symbolError(tick.symbol))
        return error;
    if (tick.id == 0)
        return "ID cannot be empty";
    if (tick.volume && *tick.volume < 0)
        return "Volume must be a non-negative integer";
    if (tick.ts < 0)
        return "ts must be milliseconds since the epoch";
    return std::nullopt;
}

} // namespace kse
