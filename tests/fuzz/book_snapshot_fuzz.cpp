// PartitionBooks::restore reads the order processor's book snapshots back from the Orders DB.
// A snapshot it cannot use must be refused with an exception (the service then rebuilds the
// books from the partition); one it accepts must serialize back to itself and leave books the
// engine can sweep from both sides and snapshot again.
#include "fuzz_check.h"
#include "order_processor/partition_books.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

using kse::OrderCommand;
using kse::PartitionBooks;
using kse::fuzz::check;

namespace {

constexpr std::int64_t kTs = 1'700'000'000'000;

OrderCommand order(const std::string& symbol, const std::string& id, kse::Side side, std::int64_t price) {
    OrderCommand c;
    c.orderId = id;
    c.userId = "fuzz-sweeper";
    c.symbol = symbol;
    c.side = side;
    c.type = kse::OrderType::Limit;
    c.tif = kse::TimeInForce::Ioc;
    c.qty = kse::kMaxOrderQty;
    c.price = price;
    c.ts = kTs;
    return c;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    PartitionBooks books;
    try {
        books.restore(bytes);
    } catch (const std::runtime_error&) {
        return 0; // refused: what the service expects of a bad snapshot
    }
    const std::string state = books.serialize();
    check(state == bytes, "an accepted snapshot serializes back to itself");
    PartitionBooks copy;
    copy.restore(state);
    check(copy.serialize() == state, "a serialized snapshot restores");

    // Trade against every resting order from both sides, the way a market sweep would.
    kse::BookOutput out;
    for (const std::string& symbol : books.symbols()) {
        books.apply(order(symbol, "fuzz-sweep-sell-" + symbol, kse::Side::Sell, 1), out);
        books.apply(order(symbol, "fuzz-sweep-buy-" + symbol, kse::Side::Buy, kse::kMaxOrderPriceTicks), out);
    }
    for (const kse::OrderUpdate& u : out.updates)
        check(u.filled >= 0 && u.remaining >= 0, "fills and remainders are not negative");
    for (const kse::TradeReport& t : out.trades)
        check(t.qty > 0 && t.price > 0, "trades move a positive quantity at a positive price");
    PartitionBooks after;
    after.restore(books.serialize());
    return 0;
}
