#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "contract/exchange_messages.h"
#include "contract/order_command.h"
#include "order_processor/book_listener.h"
#include "order_processor/order_book.h"

namespace kse {

// What an `orders` message caused, with the platform's string ids: `order-events` and `trades`.
struct BookOutput {
    std::vector<OrderUpdate> updates;
    std::vector<TradeReport> trades;
    void clear() {
        updates.clear();
        trades.clear();
    }
};

// The order books of one `orders` partition, in front of the engine: maps the platform's
// string order and user ids to engine ids, refuses reused order ids, routes each message to its
// symbol's book and turns the engine's events back into string ids. Pure and deterministic:
// the same messages in the same order give the same output and the same state, which is what
// crash recovery (snapshot + replay) rests on.
class PartitionBooks final : private OrderListener, private TradeListener {
public:
    // How many finished order ids are remembered to refuse their reuse (a bounded window: the
    // platform's ids are unique; this catches a message sent twice).
    explicit PartitionBooks(std::size_t rememberedFinished = 1 << 16);
    PartitionBooks(const PartitionBooks&) = delete;
    PartitionBooks& operator=(const PartitionBooks&) = delete;

    // Applies one message; its events are appended to `out`.
    void apply(const OrderCommand& command, BookOutput& out);

    const OrderBook* book(std::string_view symbol) const;
    std::vector<std::string> symbols() const;
    std::size_t liveOrders() const { return m_live.size(); }

    // Everything, as bytes, and back (into a fresh instance). restore() throws on bad input.
    std::string serialize() const;
    void restore(std::string_view bytes);

private:
    struct LiveOrder {
        OrderId engineId = 0;
        std::string symbol;
    };
    struct Book {
        explicit Book(PartitionBooks& owner, std::string symbolName);
        std::string symbol;
        OrderBook engine;
    };

    void onOrderEvent(const OrderEvent& event) override;
    void onTrade(const Trade& trade) override;
    Book& bookFor(const std::string& symbol);
    UserId userIdFor(const std::string& user);
    void refuse(const OrderCommand& command, std::string_view reason);
    void remember(std::string id);

    std::size_t m_rememberedFinished;
    std::map<std::string, std::unique_ptr<Book>, std::less<>> m_books;
    std::unordered_map<std::string, LiveOrder> m_live;    // string id → engine id
    std::unordered_map<OrderId, std::string> m_liveNames; // engine id → string id
    std::unordered_set<std::string> m_finished;
    std::deque<std::string> m_finishedOrder; // oldest first
    std::unordered_map<std::string, UserId> m_userIds;
    std::vector<std::string> m_userNames; // UserId - 1 → name
    OrderId m_nextEngineId = 1;

    // The message being applied, for the listeners.
    BookOutput* m_out = nullptr;
    const OrderCommand* m_command = nullptr;
};

} // namespace kse
