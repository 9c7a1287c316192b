#include <gtest/gtest.h>

#include <random>

#include "order_processor/order_event_codec.h"
#include "order_processor/partition_books.h"

using namespace kse;

namespace {

OrderCommand limit(std::string id, std::string user, Side side, std::int64_t qty, std::int64_t price,
                   std::string symbol = "AAPL") {
    OrderCommand c;
    c.orderId = std::move(id);
    c.userId = std::move(user);
    c.symbol = std::move(symbol);
    c.side = side;
    c.qty = qty;
    c.price = price;
    return c;
}

OrderCommand cancelOf(std::string id, std::string user, std::string symbol = "AAPL") {
    OrderCommand c;
    c.kind = OrderCommand::Kind::Cancel;
    c.orderId = std::move(id);
    c.userId = std::move(user);
    c.symbol = std::move(symbol);
    return c;
}

std::string describe(const OrderUpdate& u) {
    return u.orderId + ":" + std::string(statusName(u.status)) + ":" + std::to_string(u.filled) + "/" +
           std::to_string(u.remaining) + (u.reason.empty() ? "" : ":" + u.reason);
}

std::vector<std::string> run(PartitionBooks& books, const OrderCommand& command, BookOutput* trades = nullptr) {
    BookOutput out;
    books.apply(command, out);
    std::vector<std::string> lines;
    for (const auto& u : out.updates)
        lines.push_back(describe(u));
    if (trades)
        *trades = out;
    return lines;
}

using Lines = std::vector<std::string>;

} // namespace

TEST(PartitionBooks, TradesCarryStringIdsAndDeterministicTradeIds) {
    PartitionBooks books;
    EXPECT_EQ(run(books, limit("s1", "alice", Side::Sell, 10, 100)), Lines{"s1:accepted:0/10"});
    BookOutput out;
    EXPECT_EQ(run(books, limit("b1", "bob", Side::Buy, 4, 101), &out),
              (Lines{"b1:accepted:0/4", "s1:partially_filled:4/6", "b1:filled:4/0"}));
    ASSERT_EQ(out.trades.size(), 1u);
    const TradeReport& t = out.trades[0];
    EXPECT_EQ(t.tradeId, "AAPL-1");
    EXPECT_EQ(t.price, 100);
    EXPECT_EQ(t.qty, 4);
    EXPECT_EQ(t.buyOrderId, "b1");
    EXPECT_EQ(t.sellOrderId, "s1");
    EXPECT_EQ(t.buyer, "bob");
    EXPECT_EQ(t.seller, "alice");
    EXPECT_EQ(t.aggressor, Side::Buy);
    EXPECT_EQ(out.updates[1].request, OrderCommand::Kind::New);
    EXPECT_EQ(out.updates[1].userId, "alice");
    EXPECT_EQ(run(books, limit("b2", "bob", Side::Buy, 6, 100), &out),
              (Lines{"b2:accepted:0/6", "s1:filled:10/0", "b2:filled:6/0"}));
    EXPECT_EQ(out.trades[0].tradeId, "AAPL-2");
    EXPECT_EQ(out.trades[0].sellOrderId, "s1"); // its name outlives its last event
    EXPECT_EQ(books.liveOrders(), 0u);
}

TEST(PartitionBooks, EachSymbolHasItsOwnBookAndTradeSequence) {
    PartitionBooks books;
    run(books, limit("a", "u1", Side::Sell, 1, 100, "AAPL"));
    run(books, limit("m", "u1", Side::Sell, 1, 100, "MSFT"));
    BookOutput out;
    run(books, limit("b", "u2", Side::Buy, 1, 100, "MSFT"), &out);
    ASSERT_EQ(out.trades.size(), 1u);
    EXPECT_EQ(out.trades[0].tradeId, "MSFT-1");
    EXPECT_EQ(books.book("AAPL")->restingOrders(), 1u);
    EXPECT_EQ(books.book("MSFT")->restingOrders(), 0u);
    EXPECT_EQ(books.book("TSLA"), nullptr);
    EXPECT_EQ(books.symbols(), (std::vector<std::string>{"AAPL", "MSFT"}));
}

TEST(PartitionBooks, ReusedOrderIdsAreRefusedAndTheFirstOrderStands) {
    PartitionBooks books;
    run(books, limit("o1", "alice", Side::Sell, 5, 100));
    EXPECT_EQ(run(books, limit("o1", "alice", Side::Sell, 5, 100)), Lines{"o1:rejected:0/5:duplicate order id"});
    EXPECT_EQ(books.liveOrders(), 1u);
    EXPECT_EQ(run(books, cancelOf("o1", "alice")), Lines{"o1:cancelled:0/5:cancelled"});
    // Finished ids are remembered too, a refused one included.
    EXPECT_EQ(run(books, limit("o1", "alice", Side::Buy, 1, 90)), Lines{"o1:rejected:0/1:duplicate order id"});
    auto bad = limit("o2", "alice", Side::Buy, 1, 90);
    bad.refusal = "side must be buy or sell";
    EXPECT_EQ(run(books, bad), Lines{"o2:rejected:0/1:side must be buy or sell"});
    EXPECT_EQ(run(books, limit("o2", "alice", Side::Buy, 1, 90)), Lines{"o2:rejected:0/1:duplicate order id"});
}

TEST(PartitionBooks, TheWindowOfRememberedIdsIsBounded) {
    PartitionBooks books(2);
    for (const char* id : {"a", "b", "c"})
        run(books, limit(id, "u", Side::Buy, 1, 0)); // refused by the engine: finished at once
    EXPECT_EQ(run(books, limit("c", "u", Side::Buy, 1, 10)), Lines{"c:rejected:0/1:duplicate order id"});
    EXPECT_EQ(run(books, limit("a", "u", Side::Buy, 1, 10)), Lines{"a:accepted:0/1"}); // forgotten
}

TEST(PartitionBooks, CancelRules) {
    PartitionBooks books;
    run(books, limit("o1", "alice", Side::Buy, 5, 100));
    BookOutput out;
    EXPECT_EQ(run(books, cancelOf("o1", "mallory"), &out), Lines{"o1:rejected:0/0:not the owner of the order"});
    EXPECT_EQ(out.updates[0].request, OrderCommand::Kind::Cancel);
    EXPECT_EQ(out.updates[0].userId, "mallory");
    EXPECT_EQ(books.liveOrders(), 1u); // a refused cancel leaves the order alone
    EXPECT_EQ(run(books, cancelOf("o1", "alice", "MSFT")), Lines{"o1:rejected:0/0:unknown order"});
    EXPECT_EQ(run(books, cancelOf("nope", "alice")), Lines{"nope:rejected:0/0:unknown order"});
    EXPECT_EQ(run(books, cancelOf("o1", "alice")), Lines{"o1:cancelled:0/5:cancelled"});
    EXPECT_EQ(run(books, cancelOf("o1", "alice")), Lines{"o1:rejected:0/0:the order is already finished"});
    EXPECT_EQ(books.book("AAPL")->restingOrders(), 0u);
}

TEST(PartitionBooks, EncodesEventsAndTradesPerTheContract) {
    OrderUpdate u;
    u.orderId = "o1";
    u.userId = "alice";
    u.symbol = "AAPL";
    u.status = OrderStatus::PartiallyFilled;
    u.filled = 3;
    u.remaining = 7;
    u.notional = 1'000'000 + 2 * 1'000'100; // 1 @ 100.0000, 2 @ 100.0100
    u.lastQty = 2;
    u.lastPrice = 1'000'100;
    EXPECT_EQ(encodeOrderUpdate(u, 42),
              R"({"order_id":"o1","user_id":"alice","symbol":"AAPL","request":"new","status":"partially_filled",)"
              R"("filled_qty":3,"remaining_qty":7,"avg_price":100.0067,"last_qty":2,"last_price":100.01,"ts":42})");
    u.status = OrderStatus::Rejected;
    u.request = OrderCommand::Kind::Cancel;
    u.filled = u.remaining = u.notional = u.lastQty = 0;
    u.reason = "unknown order";
    EXPECT_EQ(encodeOrderUpdate(u, 1),
              R"({"order_id":"o1","user_id":"alice","symbol":"AAPL","request":"cancel","status":"rejected",)"
              R"("filled_qty":0,"remaining_qty":0,"avg_price":0,"reason":"unknown order","ts":1})");
    TradeReport t{"AAPL-7", "AAPL", 7, 1'872'500, 10, "b", "s", "bob", "alice", Side::Sell};
    EXPECT_EQ(encodeTrade(t, 9), R"({"trade_id":"AAPL-7","symbol":"AAPL","price":187.25,"qty":10,"buy_order_id":"b",)"
                                 R"("sell_order_id":"s","buyer":"bob","seller":"alice","aggressor":"sell","ts":9})");
}

TEST(PartitionBooks, AveragePriceRoundsHalfUp) {
    EXPECT_EQ(averagePrice(0, 0), 0);
    EXPECT_EQ(averagePrice(3, 2), 2); // 1.5 → 2
    EXPECT_EQ(averagePrice(5, 3), 2); // 1.67 → 2
    EXPECT_EQ(averagePrice(4, 3), 1); // 1.33 → 1
}

// Crash recovery rests on this: a book restored from a snapshot answers every later message
// exactly as the book that never stopped.
TEST(PartitionBooks, ARestoredSnapshotContinuesExactlyLikeTheOriginal) {
    std::mt19937_64 random(20261125);
    std::vector<OrderCommand> commands;
    std::vector<std::string> placed;
    const char* symbols[] = {"AAPL", "MSFT", "TSLA"};
    for (int i = 0; i < 60'000; ++i) {
        const std::string symbol = symbols[random() % 3];
        const std::string user = "u" + std::to_string(random() % 12);
        if (!placed.empty() && random() % 100 < 30) {
            commands.push_back(cancelOf(placed[random() % placed.size()], user, symbol));
            continue;
        }
        auto c = limit("o" + std::to_string(i), user, random() % 2 ? Side::Buy : Side::Sell,
                       1 + static_cast<std::int64_t>(random() % 50), 1000 + static_cast<std::int64_t>(random() % 40),
                       symbol);
        const auto kind = random() % 100;
        if (kind < 8)
            c.type = OrderType::Market, c.price = 0;
        else if (kind < 14)
            c.tif = TimeInForce::Ioc;
        else if (kind < 18)
            c.tif = TimeInForce::Fok;
        else if (kind < 19)
            c.orderId = placed.empty() ? c.orderId : placed[random() % placed.size()]; // a reused id
        placed.push_back(c.orderId);
        commands.push_back(c);
    }

    PartitionBooks original(5'000);
    auto restored = std::make_unique<PartitionBooks>(5'000);
    std::size_t trades = 0;
    for (std::size_t i = 0; i < commands.size(); ++i) {
        if (i % 7'919 == 0) { // now and then, "crash" and come back from a snapshot
            restored = std::make_unique<PartitionBooks>(5'000);
            restored->restore(original.serialize());
            ASSERT_EQ(restored->serialize(), original.serialize()) << "at " << i;
        }
        BookOutput a, b;
        original.apply(commands[i], a);
        restored->apply(commands[i], b);
        ASSERT_EQ(a.updates.size(), b.updates.size()) << "at " << i;
        for (std::size_t k = 0; k < a.updates.size(); ++k)
            ASSERT_EQ(encodeOrderUpdate(a.updates[k], 0), encodeOrderUpdate(b.updates[k], 0)) << "at " << i;
        ASSERT_EQ(a.trades.size(), b.trades.size()) << "at " << i;
        for (std::size_t k = 0; k < a.trades.size(); ++k)
            ASSERT_EQ(encodeTrade(a.trades[k], 0), encodeTrade(b.trades[k], 0)) << "at " << i;
        trades += a.trades.size();
    }
    EXPECT_GT(trades, 10'000u);
    EXPECT_GT(original.liveOrders(), 100u);
    for (const auto& symbol : original.symbols())
        EXPECT_EQ(original.book(symbol)->state(), restored->book(symbol)->state());
}

TEST(PartitionBooks, RefusesACorruptSnapshot) {
    PartitionBooks books;
    run(books, limit("o1", "alice", Side::Buy, 5, 100));
    const std::string bytes = books.serialize();
    EXPECT_THROW(PartitionBooks().restore(bytes.substr(0, bytes.size() - 3)), std::runtime_error);
    EXPECT_THROW(PartitionBooks().restore(bytes + "x"), std::runtime_error);
    EXPECT_THROW(PartitionBooks().restore("garbage"), std::runtime_error);
}

namespace {

struct StoredOrder {
    std::string name;
    std::int64_t id, user, side, price, qty, filled, notional;
};

// The snapshot format written out by hand (partition_books.cpp), so that a test can damage one
// field at a time: users alice and bob, one book AAPL, next engine id 3.
std::string snapshotOf(const std::vector<std::string>& users, const std::vector<StoredOrder>& orders) {
    std::string out;
    const auto integer = [&out](std::int64_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); };
    const auto text = [&](std::string_view s) {
        integer(static_cast<std::int64_t>(s.size()));
        out.append(s);
    };
    text("KSE-BOOKS-1");
    integer(3);
    integer(static_cast<std::int64_t>(users.size()));
    for (const auto& user : users)
        text(user);
    integer(0); // finished ids
    integer(1); // books
    text("AAPL");
    integer(2); // seq
    integer(0); // trade seq
    integer(2); // largest engine id
    integer(static_cast<std::int64_t>(orders.size()));
    for (const auto& o : orders) {
        text(o.name);
        for (const std::int64_t v : {o.id, o.user, o.side, o.price, o.qty, o.filled, o.notional})
            integer(v);
    }
    return out;
}

} // namespace

// Each of these was once restored as if sound (found by tests/fuzz/book_snapshot_fuzz.cpp): two
// orders under one engine id, orders past the engine's limits, one user named twice. The books
// would have answered later messages wrongly, or overflowed, instead of being rebuilt.
TEST(PartitionBooks, RestoresOnlyWhatItWrote) {
    PartitionBooks books;
    run(books, limit("o1", "alice", Side::Buy, 5, 100));
    run(books, limit("o2", "bob", Side::Buy, 5, 101));
    const std::vector<std::string> users{"alice", "bob"};
    const StoredOrder o1{"o1", 1, 1, 0, 100, 5, 0, 0}, o2{"o2", 2, 2, 0, 101, 5, 0, 0};
    ASSERT_EQ(snapshotOf(users, {o1, o2}), books.serialize());
    PartitionBooks().restore(snapshotOf(users, {o1, o2}));

    auto with = [](StoredOrder o, auto change) {
        change(o);
        return o;
    };
    const std::vector<std::pair<const char*, std::string>> damaged{
        {"one engine id twice", snapshotOf(users, {o1, with(o2, [](auto& o) { o.id = 1; })})},
        {"one name twice", snapshotOf(users, {o1, with(o2, [](auto& o) { o.name = "o1"; })})},
        {"an id past the largest", snapshotOf(users, {o1, with(o2, [](auto& o) { o.id = 7; })})},
        {"a price past the limit",
         snapshotOf(users, {o1, with(o2, [](auto& o) { o.price = kMaxOrderPriceTicks + 1; })})},
        {"a quantity past the limit", snapshotOf(users, {o1, with(o2, [](auto& o) { o.qty = kMaxOrderQty + 1; })})},
        {"filled in full yet resting", snapshotOf(users, {o1, with(o2, [](auto& o) { o.filled = 5; })})},
        {"a negative notional", snapshotOf(users, {o1, with(o2, [](auto& o) { o.notional = -1; })})},
        {"an unknown side", snapshotOf(users, {o1, with(o2, [](auto& o) { o.side = 2; })})},
        {"the best bid first", snapshotOf(users, {o2, o1})},
        {"one user twice", snapshotOf({"alice", "alice"}, {o1, o2})},
    };
    for (const auto& [what, bytes] : damaged)
        EXPECT_THROW(PartitionBooks().restore(bytes), std::runtime_error) << what;
}
