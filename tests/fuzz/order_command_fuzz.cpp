// decodeOrderCommand reads `orders`, the order processor's input. A command it accepts names
// who and what within the contract's limits, and one the engine will judge survives
// encodeOrderCommand and a second reading.
#include "contract/order_command.h"
#include "domain/tick.h"
#include "fuzz_check.h"

#include <cstdint>
#include <string_view>

using kse::OrderCommand;
using kse::fuzz::check;

namespace {

constexpr std::int64_t kMessageTs = 1'700'003'600'000;

bool validId(const std::string& id) {
    if (id.empty() || id.size() > 64)
        return false;
    for (const char c : id)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
            return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto decoded = kse::decodeOrderCommand(text, kMessageTs);
    if (!decoded) {
        check(!decoded.error().empty(), "a refusal says why");
        return 0;
    }
    const OrderCommand& c = decoded.value();
    check(validId(c.orderId) && validId(c.userId), "accepted ids are 1-64 printable characters");
    check(!kse::symbolError(c.symbol), "an accepted symbol is valid");
    check(c.ts >= 0, "an accepted time is not negative");
    if (c.kind == OrderCommand::Kind::Cancel)
        check(c.refusal.empty(), "a cancel is judged by the book");
    if (c.kind != OrderCommand::Kind::New || !c.refusal.empty())
        return 0;
    check(c.qty <= kse::kMaxOrderQty, "a quantity the engine sees is within the limit");
    check(c.price >= 0 && c.price <= kse::kMaxOrderPriceTicks, "a price the engine sees is within the limit");
    // An unknown time in force is carried to the engine, which refuses it; the encoder writes
    // only the three known ones.
    if (static_cast<std::uint8_t>(c.tif) > static_cast<std::uint8_t>(kse::TimeInForce::Fok))
        return 0;
    const auto again = kse::decodeOrderCommand(kse::encodeOrderCommand(c), kMessageTs);
    check(again.ok(), "an encoded command decodes");
    const OrderCommand& a = again.value();
    check(a.kind == c.kind && a.orderId == c.orderId && a.userId == c.userId && a.symbol == c.symbol &&
              a.side == c.side && a.type == c.type && a.tif == c.tif && a.qty == c.qty && a.price == c.price &&
              a.ts == c.ts && a.refusal == c.refusal,
          "a command survives encoding");
    return 0;
}
