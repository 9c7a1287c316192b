#include <algorithm>
#include <gtest/gtest.h>
#include <string>
#include <vector>

#include "order_processor/order_book.h"

using namespace kse;

namespace {

// Records everything the book reports, as text lines, in delivery order.
class Recorder : public OrderListener, public TradeListener, public DepthListener {
public:
    void onOrderEvent(const OrderEvent& e) override {
        static const char* kNames[] = {"accepted", "rejected", "partially_filled", "filled", "cancelled"};
        std::string line = "order " + std::to_string(e.id) + " " + kNames[static_cast<int>(e.status)] +
                           " filled=" + std::to_string(e.filled) + " remaining=" + std::to_string(e.remaining);
        if (e.lastQty)
            line += " last=" + std::to_string(e.lastQty) + "@" + std::to_string(e.lastPrice);
        if (!e.reason.empty())
            line += " reason=" + std::string(e.reason);
        lines.push_back(line);
    }
    void onTrade(const Trade& t) override {
        lines.push_back("trade #" + std::to_string(t.seq) + " " + std::to_string(t.qty) + "@" +
                        std::to_string(t.price) + " buy=" + std::to_string(t.buyOrder) +
                        " sell=" + std::to_string(t.sellOrder) +
                        (t.aggressor == Side::Buy ? " aggressor=buy" : " aggressor=sell"));
    }
    void onDepthChanged(std::span<const DepthChange> changes, std::uint64_t seq) override {
        lastSeq = seq;
        depthCalls += !changes.empty();
    }
    std::vector<std::string> take() { return std::exchange(lines, {}); }

    std::vector<std::string> lines;
    std::uint64_t lastSeq = 0;
    int depthCalls = 0;
};

NewOrder limit(OrderId id, UserId user, Side side, std::int64_t qty, std::int64_t price,
               TimeInForce tif = TimeInForce::Gtc) {
    return NewOrder{id, user, side, OrderType::Limit, tif, qty, price};
}

NewOrder market(OrderId id, UserId user, Side side, std::int64_t qty, TimeInForce tif = TimeInForce::Ioc) {
    return NewOrder{id, user, side, OrderType::Market, tif, qty, 0};
}

class OrderBookTest : public testing::Test {
protected:
    Recorder recorder;
    OrderBook book{{&recorder, &recorder, &recorder}};
};

} // namespace

TEST_F(OrderBookTest, PriceTimePriorityAndTradesAtTheMakersPrice) {
    book.submit(limit(1, 10, Side::Sell, 5, 101));
    book.submit(limit(2, 11, Side::Sell, 5, 100));
    book.submit(limit(3, 12, Side::Sell, 5, 100)); // same price, later: behind order 2
    recorder.take();
    book.submit(limit(4, 20, Side::Buy, 7, 102));
    EXPECT_EQ(recorder.take(), (std::vector<std::string>{
                                   "order 4 accepted filled=0 remaining=7",
                                   "order 2 filled filled=5 remaining=0 last=5@100",
                                   "order 4 partially_filled filled=5 remaining=2 last=5@100",
                                   "order 3 partially_filled filled=2 remaining=3 last=2@100",
                                   "order 4 filled filled=7 remaining=0 last=2@100",
                                   "trade #1 5@100 buy=4 sell=2 aggressor=buy",
                                   "trade #2 2@100 buy=4 sell=3 aggressor=buy",
                               }));
    const auto snapshot = book.snapshot(10);
    EXPECT_EQ(snapshot.asks, (std::vector<OrderBook::Level>{{100, 3}, {101, 5}}));
    EXPECT_TRUE(snapshot.bids.empty());
}

TEST_F(OrderBookTest, PartiallyFilledRestingOrderKeepsItsPlace) {
    book.submit(limit(1, 10, Side::Buy, 10, 50));
    book.submit(limit(2, 11, Side::Buy, 10, 50));
    book.submit(limit(3, 20, Side::Sell, 4, 50)); // takes 4 of order 1
    book.submit(limit(4, 21, Side::Sell, 8, 50)); // the rest of order 1 first, then order 2
    const auto lines = recorder.take();
    EXPECT_NE(std::find(lines.begin(), lines.end(), "trade #2 6@50 buy=1 sell=4 aggressor=sell"), lines.end());
    EXPECT_NE(std::find(lines.begin(), lines.end(), "trade #3 2@50 buy=2 sell=4 aggressor=sell"), lines.end());
    EXPECT_EQ(book.snapshot(5).bids, (std::vector<OrderBook::Level>{{50, 8}}));
}

TEST_F(OrderBookTest, SweepsSeveralLevelsUpToTheLimit) {
    book.submit(limit(1, 10, Side::Sell, 1, 100));
    book.submit(limit(2, 10, Side::Sell, 1, 101));
    book.submit(limit(3, 10, Side::Sell, 1, 102));
    book.submit(limit(4, 10, Side::Sell, 1, 103));
    recorder.take();
    book.submit(limit(5, 20, Side::Buy, 5, 102));
    const auto lines = recorder.take();
    EXPECT_EQ(std::count_if(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("trade", 0) == 0; }),
              3);
    EXPECT_EQ(book.snapshot(5).bids, (std::vector<OrderBook::Level>{{102, 2}})) << "the remainder rests at its limit";
    EXPECT_EQ(book.snapshot(5).asks, (std::vector<OrderBook::Level>{{103, 1}}));
}

TEST_F(OrderBookTest, IocRemainderIsCancelled) {
    book.submit(limit(1, 10, Side::Sell, 3, 100));
    recorder.take();
    book.submit(limit(2, 20, Side::Buy, 5, 100, TimeInForce::Ioc));
    const auto lines = recorder.take();
    EXPECT_NE(std::find(lines.begin(), lines.end(), "order 2 cancelled filled=3 remaining=2 reason=ioc"), lines.end());
    EXPECT_TRUE(book.snapshot(5).bids.empty());
}

TEST_F(OrderBookTest, FokFillsCompletelyOrNotAtAll) {
    book.submit(limit(1, 10, Side::Sell, 3, 100));
    book.submit(limit(2, 11, Side::Sell, 3, 101));
    recorder.take();
    book.submit(limit(3, 20, Side::Buy, 7, 101, TimeInForce::Fok));
    EXPECT_EQ(recorder.take(), (std::vector<std::string>{"order 3 accepted filled=0 remaining=7",
                                                         "order 3 cancelled filled=0 remaining=7 reason=fok"}));
    EXPECT_EQ(book.snapshot(5).asks, (std::vector<OrderBook::Level>{{100, 3}, {101, 3}})) << "nothing was touched";
    book.submit(limit(4, 20, Side::Buy, 6, 101, TimeInForce::Fok));
    EXPECT_EQ(recorder.take().back(), "trade #2 3@101 buy=4 sell=2 aggressor=buy");
    EXPECT_TRUE(book.snapshot(5).asks.empty());
}

TEST_F(OrderBookTest, MarketOrders) {
    book.submit(market(1, 20, Side::Buy, 5));
    EXPECT_EQ(recorder.take(), (std::vector<std::string>{"order 1 accepted filled=0 remaining=5",
                                                         "order 1 cancelled filled=0 remaining=5 reason=no_liquidity"}))
        << "a market order on an empty book";
    book.submit(limit(2, 10, Side::Sell, 2, 100));
    book.submit(limit(3, 10, Side::Sell, 2, 150));
    recorder.take();
    book.submit(market(4, 20, Side::Buy, 10, TimeInForce::Gtc)); // a market order never rests
    const auto lines = recorder.take();
    EXPECT_EQ(lines.back(), "trade #2 2@150 buy=4 sell=3 aggressor=buy");
    EXPECT_NE(std::find(lines.begin(), lines.end(), "order 4 cancelled filled=4 remaining=6 reason=no_liquidity"),
              lines.end());
    EXPECT_TRUE(book.snapshot(5).bids.empty());
}

TEST_F(OrderBookTest, SelfTradePreventionCancelsTheIncomingRemainder) {
    book.submit(limit(1, 10, Side::Sell, 2, 100));
    book.submit(limit(2, 20, Side::Sell, 2, 100)); // the same user as the buyer below
    book.submit(limit(3, 11, Side::Sell, 2, 100));
    recorder.take();
    book.submit(limit(4, 20, Side::Buy, 6, 100));
    const auto lines = recorder.take();
    EXPECT_NE(std::find(lines.begin(), lines.end(), "order 4 cancelled filled=2 remaining=4 reason=self_trade"),
              lines.end());
    EXPECT_EQ(lines.back(), "trade #1 2@100 buy=4 sell=1 aggressor=buy") << "one trade, with the other user only";
    EXPECT_EQ(book.snapshot(5).asks, (std::vector<OrderBook::Level>{{100, 4}})) << "the user's resting order stays";
    EXPECT_TRUE(book.snapshot(5).bids.empty());
}

TEST_F(OrderBookTest, RejectionsSayWhy) {
    book.submit(limit(1, 10, Side::Buy, 0, 100));
    book.submit(limit(2, 10, Side::Buy, 5, 0));
    book.submit(NewOrder{3, 10, Side::Buy, OrderType::Market, TimeInForce::Ioc, 5, 100});
    book.submit(NewOrder{4, 10, Side::Buy, OrderType::Limit, static_cast<TimeInForce>(7), 5, 100});
    book.submit(limit(5, 10, Side::Buy, 5, 100));
    book.submit(limit(5, 10, Side::Buy, 5, 100));
    book.cancel(99, 10);
    book.cancel(5, 11);
    EXPECT_EQ(recorder.take(), (std::vector<std::string>{
                                   "order 1 rejected filled=0 remaining=0 reason=qty must be positive",
                                   "order 2 rejected filled=0 remaining=5 reason=a limit order needs a positive price",
                                   "order 3 rejected filled=0 remaining=5 reason=a market order takes no price",
                                   "order 4 rejected filled=0 remaining=5 reason=unknown_tif",
                                   "order 5 accepted filled=0 remaining=5",
                                   "order 5 rejected filled=0 remaining=5 reason=duplicate order id",
                                   "order 99 rejected filled=0 remaining=0 reason=unknown order",
                                   "order 5 rejected filled=0 remaining=0 reason=not the owner of the order",
                               }));
}

TEST_F(OrderBookTest, CancelRaces) {
    book.submit(limit(1, 10, Side::Buy, 5, 100));
    book.cancel(1, 10);
    book.cancel(1, 10); // a second cancel of the same order
    book.submit(limit(2, 10, Side::Sell, 5, 100));
    book.submit(limit(3, 11, Side::Buy, 5, 100)); // fills order 2 completely
    recorder.take();
    book.cancel(2, 10);                           // a cancel that arrives after the fill
    book.submit(limit(1, 10, Side::Buy, 1, 100)); // a finished id cannot come back
    EXPECT_EQ(recorder.take(), (std::vector<std::string>{
                                   "order 2 rejected filled=0 remaining=0 reason=the order is already finished",
                                   "order 1 rejected filled=0 remaining=1 reason=duplicate order id",
                               }));
    EXPECT_EQ(book.restingOrders(), 0U);
}

TEST_F(OrderBookTest, DepthSnapshotsCarryASequenceNumber) {
    book.submit(limit(1, 10, Side::Buy, 5, 99));
    book.submit(limit(2, 10, Side::Buy, 5, 98));
    book.submit(limit(3, 11, Side::Sell, 5, 101));
    EXPECT_EQ(book.seq(), 3U);
    EXPECT_EQ(recorder.lastSeq, 3U);
    book.cancel(42, 10); // changes nothing: no new sequence number
    EXPECT_EQ(book.seq(), 3U);
    const auto snapshot = book.snapshot(1);
    EXPECT_EQ(snapshot.bids, (std::vector<OrderBook::Level>{{99, 5}}));
    EXPECT_EQ(snapshot.asks, (std::vector<OrderBook::Level>{{101, 5}}));
    EXPECT_EQ(snapshot.seq, 3U);
}

TEST(OrderBookWithoutMemory, ForgetsFinishedIdsButStillGuardsLiveOnes) {
    Recorder recorder;
    OrderBook book({&recorder, &recorder, &recorder}, 0);
    book.submit(limit(1, 10, Side::Buy, 5, 100));
    book.submit(limit(1, 10, Side::Buy, 5, 100)); // live: still a duplicate
    book.cancel(1, 10);
    book.cancel(1, 10); // finished and forgotten
    recorder.take();
    book.submit(limit(1, 10, Side::Buy, 5, 100)); // ids at or below the largest seen are looked up
    EXPECT_EQ(book.restingOrders(), 1U);
    book.cancel(7, 10);
    EXPECT_EQ(recorder.take(), (std::vector<std::string>{
                                   "order 1 accepted filled=0 remaining=5",
                                   "order 7 rejected filled=0 remaining=0 reason=unknown order",
                               }));
}

TEST(OrderBookState, RestoredBookAnswersLikeTheOriginal) {
    Recorder a, b;
    OrderBook original({&a, &a, &a});
    original.submit(limit(1, 10, Side::Buy, 5, 99));
    original.submit(limit(2, 11, Side::Buy, 5, 99));
    original.submit(limit(3, 12, Side::Sell, 7, 101));
    original.submit(limit(4, 13, Side::Sell, 3, 99)); // partly fills order 1
    OrderBook restored({&b, &b, &b});
    restored.restore(original.state());
    EXPECT_EQ(restored.state(), original.state());
    EXPECT_EQ(restored.snapshot(10).bids, original.snapshot(10).bids);
    a.take();
    b.take();
    for (OrderBook* book : {&original, &restored})
        book->submit(limit(5, 14, Side::Sell, 6, 98)); // order 1's rest first, then order 2
    EXPECT_EQ(a.take(), b.take());
    EXPECT_THROW(restored.restore(original.state()), std::logic_error);
}
