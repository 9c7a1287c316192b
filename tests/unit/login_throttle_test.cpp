#include <gtest/gtest.h>

#include "platform_api/login_throttle.h"

using kse::LoginThrottle;

namespace {

const std::string kHome("4\x7f\x00\x00\x01", 5);
const std::string kStranger("4\x7f\x00\x00\x02", 5);

LoginThrottle::Policy policy(LoginThrottle::Rule perAddress, LoginThrottle::Rule perName,
                             std::size_t maxEntries = 1'000) {
    return {perAddress, perName, maxEntries};
}

} // namespace

TEST(LoginThrottle, LocksANameFromOneAddressAfterRepeatedFailuresForAWhile) {
    LoginThrottle throttle(policy({3, 1'000, 500}, {100, 1'000, 500}));
    EXPECT_EQ(throttle.retryAfter("alice", kStranger, 0), 0);
    throttle.failed("alice", kStranger, 10);
    throttle.failed("alice", kStranger, 20);
    EXPECT_EQ(throttle.retryAfter("alice", kStranger, 20), 0);
    throttle.failed("alice", kStranger, 30);
    EXPECT_EQ(throttle.retryAfter("alice", kStranger, 30), 500);
    EXPECT_EQ(throttle.retryAfter("alice", kStranger, 400), 130);
    EXPECT_EQ(throttle.retryAfter("ALICE", kStranger, 400), 130); // names in any case
    EXPECT_EQ(throttle.retryAfter("bob", kStranger, 400), 0);     // per name
    EXPECT_EQ(throttle.retryAfter("alice", kHome, 400), 0);       // per address: the owner still logs in
    EXPECT_EQ(throttle.retryAfter("alice", kStranger, 530), 0);
}

TEST(LoginThrottle, FailuresOutsideTheWindowAndSuccessesReset) {
    LoginThrottle throttle(policy({2, 100, 500}, {100, 100, 500}));
    throttle.failed("a", kHome, 0);
    throttle.failed("a", kHome, 200); // the first is outside the window
    EXPECT_EQ(throttle.retryAfter("a", kHome, 200), 0);
    throttle.succeeded("a", kHome);
    throttle.failed("a", kHome, 210);
    EXPECT_EQ(throttle.retryAfter("a", kHome, 210), 0);
    throttle.failed("a", kHome, 220);
    EXPECT_GT(throttle.retryAfter("a", kHome, 220), 0);
}

TEST(LoginThrottle, ManyAddressesTogetherHitTheNamesCeiling) {
    LoginThrottle throttle(policy({5, 1'000, 500}, {10, 1'000, 700}));
    for (int i = 0; i < 9; ++i)
        throttle.failed("alice", "bot" + std::to_string(i), 100);
    EXPECT_EQ(throttle.retryAfter("alice", "bot-new", 100), 0);
    throttle.failed("alice", "bot9", 100); // the tenth failure in the window, from ten addresses
    EXPECT_EQ(throttle.retryAfter("alice", "bot-new", 100), 700);
    EXPECT_EQ(throttle.retryAfter("alice", "bot0", 150), 650);
    EXPECT_EQ(throttle.retryAfter("bob", "bot0", 150), 0);
    EXPECT_EQ(throttle.retryAfter("alice", "bot-new", 800), 0);
}

TEST(LoginThrottle, AnAddressThatLoggedInBeforeIsNotShutOutByTheNamesCeiling) {
    LoginThrottle throttle(policy({5, 1'000, 500}, {10, 1'000, 700}));
    throttle.succeeded("alice", kHome);
    for (int i = 0; i < 10; ++i)
        throttle.failed("alice", "bot" + std::to_string(i), 100);
    EXPECT_EQ(throttle.retryAfter("alice", kStranger, 100), 700);
    EXPECT_EQ(throttle.retryAfter("alice", kHome, 100), 0);
    // Its own failures still lock it, as anyone's.
    for (int i = 0; i < 5; ++i)
        throttle.failed("alice", kHome, 200);
    EXPECT_EQ(throttle.retryAfter("alice", kHome, 200), 500);
    // A success does not clear the name's count: the owner cannot reset the bots' budget.
    throttle.succeeded("alice", kHome);
    EXPECT_EQ(throttle.retryAfter("alice", kStranger, 300), 500);
}

TEST(LoginThrottle, TablesStayWithinTheirCapacityAndKeysWithinTheirSize) {
    LoginThrottle throttle(policy({5, 60'000, 60'000}, {100, 60'000, 60'000}, 100));
    for (int i = 0; i < 10'000; ++i)
        throttle.failed("user" + std::to_string(i), "addr" + std::to_string(i % 37), i);
    EXPECT_EQ(throttle.trackedPairs(), 100u);
    EXPECT_EQ(throttle.trackedNames(), 100u);
    // The most recent entries are the ones kept.
    for (int i = 0; i < 5; ++i)
        throttle.failed("user9999", "addr9999", 10'000);
    EXPECT_EQ(throttle.retryAfter("user9999", "addr9999", 10'000), 60'000);
    // Whatever a caller passes, a key holds at most 64 bytes of the name: long names that agree
    // on those share one entry instead of each holding their whole size.
    LoginThrottle small(policy({2, 60'000, 60'000}, {100, 60'000, 60'000}, 100));
    small.failed(std::string(64, 'x') + "a", kHome, 0);
    small.failed(std::string(64, 'x') + "b", kHome, 0);
    EXPECT_EQ(small.trackedPairs(), 1u);
    EXPECT_GT(small.retryAfter(std::string(64, 'x'), kHome, 0), 0);
}
