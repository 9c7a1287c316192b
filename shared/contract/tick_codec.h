#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"
#include "domain/tick.h"

namespace kse {

// `{"id","name","price","volume"?,"ts"?}` ⇄ Tick, straight from and to the JSON text: prices
// are read from their decimal digits, never through a double. A missing ts is filled with nowMs.
// Errors are the messages the API answers with ("Name cannot be empty", "invalid JSON at …").
Result<Tick> decodeTick(std::string_view json, std::int64_t nowMs);
// A JSON array of ticks, all valid or an error naming the first bad one ("stock 2: …").
Result<std::vector<Tick>> decodeTicks(std::string_view json, std::int64_t nowMs);
std::string encodeTick(const Tick& tick);

} // namespace kse
