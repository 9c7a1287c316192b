#include <gtest/gtest.h>

#include "platform_api/login_throttle.h"

using kse::LoginThrottle;

TEST(LoginThrottle, LocksANameAfterRepeatedFailuresForAWhile) {
    LoginThrottle throttle({3, 1'000, 500});
    EXPECT_EQ(throttle.retryAfter("alice", 0), 0);
    throttle.failed("alice", 10);
    throttle.failed("alice", 20);
    EXPECT_EQ(throttle.retryAfter("alice", 20), 0);
    throttle.failed("alice", 30);
    EXPECT_EQ(throttle.retryAfter("alice", 30), 500);
    EXPECT_EQ(throttle.retryAfter("alice", 400), 130);
    EXPECT_EQ(throttle.retryAfter("bob", 400), 0); // per name
    EXPECT_EQ(throttle.retryAfter("alice", 530), 0);
}

TEST(LoginThrottle, FailuresOutsideTheWindowAndSuccessesReset) {
    LoginThrottle throttle({2, 100, 500});
    throttle.failed("a", 0);
    throttle.failed("a", 200); // the first is outside the window
    EXPECT_EQ(throttle.retryAfter("a", 200), 0);
    throttle.succeeded("a");
    throttle.failed("a", 210);
    EXPECT_EQ(throttle.retryAfter("a", 210), 0);
    throttle.failed("a", 220);
    EXPECT_GT(throttle.retryAfter("a", 220), 0);
}
