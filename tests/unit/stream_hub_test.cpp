#include <gtest/gtest.h>

#include <thread>

#include "platform_api/stream_hub.h"
#include "stream_inbox.h"

using namespace kse;
using kse::test::Inbox;

TEST(StreamHub, MessagesReachTheSubscribersOfTheirKeyOnly) {
    StreamHub hub;
    auto alice = std::make_shared<Inbox>(), bob = std::make_shared<Inbox>();
    hub.subscribe("orders/1", alice);
    hub.subscribe("orders/2", bob);
    hub.subscribe("book/AAPL", alice);
    hub.subscribe("book/AAPL", bob);
    hub.subscribe("book/AAPL", bob); // twice is once
    EXPECT_EQ(hub.subscriptions(), 4u);
    hub.publish("orders/1", "a");
    hub.publish("orders/2", "b");
    hub.publish("orders/3", "nobody");
    hub.publish("book/AAPL", "book");
    EXPECT_EQ(alice->messages(), (std::vector<std::string>{"a", "book"}));
    EXPECT_EQ(bob->messages(), (std::vector<std::string>{"b", "book"}));
    EXPECT_EQ(hub.published(), 4u);
    hub.unsubscribe("book/AAPL", bob.get());
    hub.unsubscribe("book/AAPL", bob.get());
    hub.publish("book/AAPL", "again");
    EXPECT_EQ(bob->messages().size(), 2u);
    EXPECT_EQ(alice->messages().back(), "again");
    EXPECT_EQ(hub.subscriptions(), 3u);
}

TEST(StreamHub, AKeptMessageGreetsTheNextSubscriberUntilNobodyWatches) {
    StreamHub hub;
    auto first = std::make_shared<Inbox>(), second = std::make_shared<Inbox>();
    EXPECT_EQ(hub.subscribe("top/AAPL", first), nullptr);
    hub.publish("top/AAPL", "v1", true);
    hub.publish("top/AAPL", "passing", false);
    const auto kept = hub.subscribe("top/AAPL", second);
    ASSERT_NE(kept, nullptr);
    EXPECT_EQ(*kept, "v1");
    hub.unsubscribe("top/AAPL", first.get());
    hub.unsubscribe("top/AAPL", second.get());
    // Nobody watched for a while: what was kept is stale, and gone.
    EXPECT_FALSE(hub.watched(std::string("top/AAPL")));
    EXPECT_EQ(hub.subscribe("top/AAPL", first), nullptr);
    EXPECT_EQ(hub.kept("top/AAPL"), nullptr);
}

TEST(StreamHub, WatchedSymbolsOfAChannel) {
    StreamHub hub;
    auto inbox = std::make_shared<Inbox>();
    for (const char* key : {"book/AAPL", "book/MSFT", "top/IBM", "bookish/X", "orders/1"})
        hub.subscribe(key, inbox);
    EXPECT_EQ(hub.watched(std::string_view("book")), (std::vector<std::string>{"AAPL", "MSFT"}));
    EXPECT_EQ(hub.watched(std::string_view("top")), (std::vector<std::string>{"IBM"}));
    EXPECT_TRUE(hub.watched(std::string_view("candles")).empty());
}

TEST(StreamHub, PublishersAndSubscribersOnManyThreadsAtOnce) {
    StreamHub hub;
    auto steady = std::make_shared<Inbox>();
    hub.subscribe("k", steady);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&hub, t] {
            for (int i = 0; i < 1'000; ++i) {
                if (t % 2 == 0) {
                    hub.publish("k", std::to_string(i));
                } else {
                    auto passer = std::make_shared<Inbox>();
                    hub.subscribe("k", passer);
                    hub.unsubscribe("k", passer.get());
                }
            }
        });
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(steady->messages().size(), 2'000u);
    EXPECT_EQ(hub.subscriptions(), 1u);
}
