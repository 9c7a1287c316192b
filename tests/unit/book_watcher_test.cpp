#include <gtest/gtest.h>

#include <map>

#include "platform_api/book_watcher.h"
#include "stream_inbox.h"

using namespace kse;
using kse::test::Inbox;

namespace {

// The order processor's books as the watcher asks for them, counting the questions.
struct Books {
    std::map<std::string, std::string> levels; // symbol → `"bids":[…],"asks":[…]`
    std::map<std::string, int> asked;

    BookWatcher::BookSource source() {
        return [this](const std::string& symbol, int) -> std::optional<QByteArray> {
            ++asked[symbol];
            const auto it = levels.find(symbol);
            const std::string sides = it == levels.end() ? R"("bids":[],"asks":[])" : it->second;
            return QByteArray::fromStdString(R"({"symbol":")" + symbol + R"(",)" + sides + R"(,"seq":1})");
        };
    }
};

class BookWatcherTest : public ::testing::Test {
protected:
    StreamHub hub;
    Books books;
    std::int64_t now = 1'000'000;
    Logger logger{LogLevel::Error};
    BookWatcher watcher{BookWatcher::Options{50, 1'000, 20}, hub, books.source(), logger, [this] { return now; }};
};

} // namespace

TEST_F(BookWatcherTest, AWatchedBookIsAskedForWhenSettlementTouchedItAndOtherwiseOnceARefresh) {
    auto inbox = std::make_shared<Inbox>();
    hub.subscribe("book/AAPL", inbox);
    hub.subscribe("top/MADEUP", inbox);
    watcher.poll();
    EXPECT_EQ(books.asked["AAPL"], 1);
    EXPECT_EQ(books.asked["MADEUP"], 1);
    ASSERT_EQ(inbox->messages().size(), 2u); // each starts from the book as it is

    // Rounds in which nothing touched them ask for neither: a made-up symbol costs nothing more.
    for (int i = 0; i < 10; ++i) {
        now += 50;
        watcher.poll();
    }
    EXPECT_EQ(books.asked["AAPL"], 1);
    EXPECT_EQ(books.asked["MADEUP"], 1);

    // Settlement touched AAPL: asked for in the next round, and its new levels published.
    books.levels["AAPL"] = R"("bids":[[187.25,30]],"asks":[])";
    watcher.touched("AAPL");
    now += 50;
    watcher.poll();
    EXPECT_EQ(books.asked["AAPL"], 2);
    EXPECT_EQ(books.asked["MADEUP"], 1);
    ASSERT_EQ(inbox->messages().size(), 3u);
    EXPECT_NE(inbox->messages().back().find("187.25"), std::string::npos) << inbox->messages().back();

    // A symbol nobody watches is not asked for, touched or not.
    watcher.touched("MSFT");
    watcher.poll();
    EXPECT_EQ(books.asked.count("MSFT"), 0u);

    // What changed without settlement's knowledge shows within a refresh.
    books.levels["MADEUP"] = R"("bids":[],"asks":[[10,1]])";
    now += 1'000;
    watcher.poll();
    EXPECT_EQ(books.asked["MADEUP"], 2);
    ASSERT_EQ(inbox->messages().size(), 4u);
    EXPECT_NE(inbox->messages().back().find(R"("ask":[10,1])"), std::string::npos) << inbox->messages().back();
}

TEST_F(BookWatcherTest, ABookNoOrderProcessorAnsweredForIsAskedForAgainInTheNextRound) {
    auto inbox = std::make_shared<Inbox>();
    hub.subscribe("book/AAPL", inbox);
    bool answering = false;
    BookWatcher flaky{BookWatcher::Options{50, 1'000, 20}, hub,
                      [&](const std::string& symbol, int depth) -> std::optional<QByteArray> {
                          if (!answering) {
                              ++books.asked[symbol];
                              return std::nullopt;
                          }
                          return books.source()(symbol, depth);
                      },
                      logger, [this] { return now; }};
    flaky.poll();
    EXPECT_TRUE(inbox->messages().empty());
    answering = true;
    now += 50;
    flaky.poll();
    EXPECT_EQ(books.asked["AAPL"], 2);
    EXPECT_EQ(inbox->messages().size(), 1u);
}
