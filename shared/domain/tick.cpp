#include "domain/tick.h"

#include <algorithm>

#include "domain/limits.h"

namespace kse {

std::optional<std::string> symbolError(std::string_view symbol) {
    if (symbol.empty())
        return "Name cannot be empty";
    if (symbol.size() > kMaxSymbolLength)
        return "Name must be at most 32 characters";
    const bool allowed = std::ranges::all_of(symbol, [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
               c == '_' || c == '^';
    });
    if (!allowed)
        return "Name may contain only letters, digits and . - _ ^";
    return std::nullopt;
}

std::optional<std::string> tickError(const Tick& tick, std::int64_t referenceMs) {
    if (auto error = symbolError(tick.symbol))
        return error;
    if (tick.id == 0)
        return "ID cannot be empty";
    if (tick.price.ticks() < 0)
        return "Price must be a non-negative number";
    if (tick.price.ticks() > limits::kMaxPriceTicks)
        return "Price is too large (at most 10000000)";
    if (tick.volume && (*tick.volume < 0 || *tick.volume > limits::kMaxQuantity))
        return "Volume must be a non-negative integer of at most 10000000";
    if (tick.ts < 0)
        return "ts must be milliseconds since the epoch";
    return eventTimeError(tick.ts, referenceMs);
}

} // namespace kse
