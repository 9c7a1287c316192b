#include <gtest/gtest.h>

#include "platform_api/stream_protocol.h"

using namespace kse;
using namespace kse::stream;

TEST(StreamProtocol, ClientsSubscribeToTheirOwnChannelsAndToPublicOnesOfASymbol) {
    const auto own = parseCommand(R"({"op":"subscribe","channel":"orders"})");
    ASSERT_TRUE(own) << own.error();
    EXPECT_EQ(own.value().op, Command::Op::Subscribe);
    EXPECT_EQ(own.value().topic, (Topic{Channel::Orders, ""}));
    const auto book = parseCommand(R"({"symbol":"AAPL","channel":"book","op":"unsubscribe"})");
    ASSERT_TRUE(book) << book.error();
    EXPECT_EQ(book.value().op, Command::Op::Unsubscribe);
    EXPECT_EQ(book.value().topic, (Topic{Channel::Book, "AAPL"}));
    EXPECT_EQ(parseCommand(R"({"op":"ping"})").value().op, Command::Op::Ping);
    for (const char* channel : {"orders", "fills", "portfolio"})
        EXPECT_TRUE(isPrivate(
            parseCommand(std::string(R"({"op":"subscribe","channel":")") + channel + "\"}").value().topic.channel));
    for (const char* channel : {"candles", "top", "book"})
        EXPECT_FALSE(
            isPrivate(parseCommand(std::string(R"({"op":"subscribe","symbol":"X","channel":")") + channel + "\"}")
                          .value()
                          .topic.channel));
}

TEST(StreamProtocol, WhatIsNotACommandIsRefusedWithTheReason) {
    const auto error = [](const char* text) {
        const auto parsed = parseCommand(text);
        return parsed ? std::string("accepted") : parsed.error();
    };
    EXPECT_NE(error("").find("JSON"), std::string::npos);
    EXPECT_NE(error("[1]").find("JSON"), std::string::npos);
    EXPECT_NE(error(R"({"op":"subscribe","channel":"book"} trailing)").find("JSON"), std::string::npos);
    EXPECT_NE(error(R"({"channel":"orders"})").find("op"), std::string::npos);
    EXPECT_NE(error(R"({"op":1})").find("op"), std::string::npos);
    EXPECT_NE(error(R"({"op":"dance"})").find("op"), std::string::npos);
    EXPECT_NE(error(R"({"op":"subscribe"})").find("channel"), std::string::npos);
    EXPECT_NE(error(R"({"op":"subscribe","channel":"Orders"})").find("channel"), std::string::npos);
    EXPECT_NE(error(R"({"op":"subscribe","channel":"orders","symbol":"AAPL"})").find("own"), std::string::npos);
    EXPECT_NE(error(R"({"op":"subscribe","channel":"top"})").find("symbol"), std::string::npos);
    EXPECT_NE(error(R"({"op":"subscribe","channel":"top","symbol":""})").find("symbol"), std::string::npos);
    EXPECT_NE(error(R"({"op":"subscribe","channel":"top","symbol":"A B"})").find("symbol"), std::string::npos);
    EXPECT_NE(error((R"({"op":"subscribe","channel":"top","symbol":")" + std::string(200, 'A') + "\"}").c_str())
                  .find("symbol"),
              std::string::npos);
}

TEST(StreamProtocol, HubKeysSeparateUsersAndSymbols) {
    EXPECT_EQ(hubKey({Channel::Orders, ""}, 42), "orders/42");
    EXPECT_EQ(hubKey({Channel::Portfolio, ""}, 7), "portfolio/7");
    EXPECT_EQ(hubKey({Channel::Book, "AAPL"}, 42), "book/AAPL"); // the same for every user
    EXPECT_NE(userKey(Channel::Fills, 1), userKey(Channel::Fills, 11));
}

TEST(StreamProtocol, MessagesCarryTheirTypeAndTheirObjects) {
    EXPECT_EQ(welcome("alice", 10'000, 50),
              R"({"type":"welcome","username":"alice","heartbeat_ms":10000,"max_subscriptions":50})");
    EXPECT_EQ(subscribed({Channel::Top, "MSFT"}, true), R"({"type":"subscribed","channel":"top","symbol":"MSFT"})");
    EXPECT_EQ(subscribed({Channel::Fills, ""}, false), R"({"type":"unsubscribed","channel":"fills"})");
    EXPECT_EQ(error("bad \"thing\""), R"({"type":"error","error":"bad \"thing\""})");
    EXPECT_EQ(order(R"({"order_id":"o-1"})"), R"({"type":"order","order":{"order_id":"o-1"}})");
    EXPECT_EQ(fill(R"({"trade_id":"T-1"})"), R"({"type":"fill","fill":{"trade_id":"T-1"}})");
    EXPECT_EQ(portfolio(R"({"cash":1})"), R"({"type":"portfolio","portfolio":{"cash":1}})");
    EXPECT_EQ(candle("AAPL", R"({"start":1})"), R"({"type":"candle","symbol":"AAPL","candle":{"start":1}})");
    EXPECT_EQ(heartbeat(5), R"({"type":"heartbeat","ts":5})");
    EXPECT_EQ(pong(), R"({"type":"pong"})");
}

TEST(StreamProtocol, BooksFromTheOrderProcessorAreCheckedAndGiveTheirTop) {
    const auto parsed = parseBook(R"({"symbol":"AAPL","bids":[[187.25,30],[187,5]],"asks":[[188.5,1]],"seq":12})", 20);
    ASSERT_TRUE(parsed) << parsed.error();
    EXPECT_EQ(book(parsed.value()),
              R"({"type":"book","symbol":"AAPL","bids":[[187.25,30],[187,5]],"asks":[[188.5,1]],"seq":12})");
    EXPECT_EQ(top(parsed.value()), R"({"type":"top","symbol":"AAPL","bid":[187.25,30],"ask":[188.5,1],"seq":12})");
    const auto empty = parseBook(R"({"symbol":"X","bids":[],"asks":[],"seq":0})", 20);
    ASSERT_TRUE(empty);
    EXPECT_EQ(top(empty.value()), R"({"type":"top","symbol":"X","bid":null,"ask":null,"seq":0})");
    for (const char* bad :
         {R"({"symbol":"A","bids":[[1,-1]],"asks":[],"seq":1})", R"({"symbol":"A","bids":[[-1,1]],"asks":[],"seq":1})",
          R"({"symbol":"A","bids":[[1.5,0.5]],"asks":[],"seq":1})", R"({"symbol":"A","bids":[[1]],"asks":[],"seq":1})",
          R"({"symbol":"A","bids":[],"seq":1})", R"({"symbol":"A","bids":[],"asks":[],"seq":-1})",
          R"({"symbol":"not one","bids":[],"asks":[],"seq":1})",
          R"({"symbol":"A","bids":[[1,1],[1,1],[1,1]],"asks":[],"seq":1})", "[]", "garbage"})
        EXPECT_FALSE(parseBook(bad, 2)) << bad;
}
