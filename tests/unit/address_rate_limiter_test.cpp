#include <QHostAddress>
#include <gtest/gtest.h>

#include "platform_api/address_rate_limiter.h"
#include "platform_api/client_address.h"
#include "platform_api/lru_table.h"

using namespace kse;

TEST(AddressRateLimiter, ABurstThenOneRequestPerInterval) {
    AddressRateLimiter limiter({3, 1'000, 100});
    EXPECT_EQ(limiter.take("a", 0), 0);
    EXPECT_EQ(limiter.take("a", 0), 0);
    EXPECT_EQ(limiter.take("a", 0), 0);
    EXPECT_EQ(limiter.take("a", 0), 1'000); // empty: the next token comes in a second
    EXPECT_EQ(limiter.take("a", 400), 600);
    EXPECT_EQ(limiter.take("b", 400), 0); // per address
    EXPECT_EQ(limiter.take("a", 1'000), 0);
    EXPECT_EQ(limiter.take("a", 1'000), 1'000);
    // Refused requests cost nothing: waiting the time asked is enough.
    EXPECT_EQ(limiter.take("a", 1'999), 1);
    EXPECT_EQ(limiter.take("a", 2'000), 0);
}

TEST(AddressRateLimiter, AQuietAddressRefillsToTheBurstAndNoFurther) {
    AddressRateLimiter limiter({3, 1'000, 100});
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(limiter.take("a", 0), 0);
    // An hour later: three again, not 3,600.
    int allowed = 0;
    while (limiter.take("a", 3'600'000) == 0)
        ++allowed;
    EXPECT_EQ(allowed, 3);
}

TEST(AddressRateLimiter, RemembersAtMostItsCapacityAndForgetsTheLongestIdle) {
    AddressRateLimiter limiter({1, 60'000, 1'000});
    for (int i = 0; i < 100'000; ++i)
        limiter.take("addr" + std::to_string(i), i);
    EXPECT_EQ(limiter.trackedAddresses(), 1'000u);
    EXPECT_GT(limiter.take("addr99999", 100'000), 0); // the newest are kept
    EXPECT_EQ(limiter.take("addr0", 100'000), 0);     // the oldest was forgotten: a full bucket
}

TEST(LruTable, TouchingKeepsAnEntryAndTheLeastRecentGoes) {
    LruTable<int> table(2);
    table.touch("a") = 1;
    table.touch("b") = 2;
    table.touch("a");     // a is now the most recent
    table.touch("c") = 3; // b goes
    EXPECT_EQ(table.size(), 2u);
    ASSERT_NE(table.find("a"), nullptr);
    EXPECT_EQ(*table.find("a"), 1);
    EXPECT_EQ(table.find("b"), nullptr);
    table.erase("a");
    EXPECT_EQ(table.find("a"), nullptr);
    EXPECT_EQ(table.size(), 1u);
}

TEST(ClientAddress, IPv4AloneMappedOrNotAndIPv6ByItsSlash64) {
    const std::string v4 = clientAddressKey(QHostAddress(QStringLiteral("127.0.0.2")));
    EXPECT_EQ(v4, std::string("4\x7f\x00\x00\x02", 5));
    EXPECT_EQ(clientAddressKey(QHostAddress(QStringLiteral("::ffff:127.0.0.2"))), v4);
    EXPECT_NE(clientAddressKey(QHostAddress(QStringLiteral("127.0.0.1"))), v4);
    const std::string a = clientAddressKey(QHostAddress(QStringLiteral("2001:db8:1:2::1")));
    EXPECT_EQ(a.size(), 9u);
    EXPECT_EQ(a, clientAddressKey(QHostAddress(QStringLiteral("2001:db8:1:2:ffff:ffff:ffff:ffff"))));
    EXPECT_NE(a, clientAddressKey(QHostAddress(QStringLiteral("2001:db8:1:3::1"))));
    EXPECT_EQ(clientAddressKey(QHostAddress()), "?");
}
