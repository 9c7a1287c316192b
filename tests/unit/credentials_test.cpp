#include <gtest/gtest.h>
#include <set>
#include <stdexcept>

#include "platform_api/credentials.h"

using namespace kse;

TEST(Credentials, UsernameRules) {
    EXPECT_EQ(usernameError("alice"), std::nullopt);
    EXPECT_EQ(usernameError("a.b_c-9"), std::nullopt);
    EXPECT_EQ(usernameError("al"), "username must be 3 to 32 characters");
    EXPECT_EQ(usernameError(std::string(33, 'a')), "username must be 3 to 32 characters");
    EXPECT_EQ(usernameError("9lives"), "username must start with a letter");
    EXPECT_EQ(usernameError("bob smith"), "username may hold only letters, digits, '.', '_' and '-'");
    EXPECT_EQ(usernameError("bob'--"), "username may hold only letters, digits, '.', '_' and '-'");
}

TEST(Credentials, PasswordRules) {
    EXPECT_EQ(passwordError("12345678"), std::nullopt);
    EXPECT_EQ(passwordError("1234567"), "password must be at least 8 characters");
    EXPECT_EQ(passwordError(std::string(257, 'x')), "password must be at most 256 bytes");
}

TEST(Credentials, ReservedNamesInAnyCaseAndSpelling) {
    for (const char* name :
         {"admin", "ADMIN", "Admin", "market-maker", "Market_Maker", "market.maker", "marketmaker", "root",
          "administrator", "system", "kse", "KSE", "support", "operator", "exchange", "platform", "service", "ad-min"})
        EXPECT_TRUE(isReservedUsername(name)) << name;
    for (const char* name : {"alice", "admiral", "admins", "kse-trader", "market", "maker", "rooted", "supporter"})
        EXPECT_FALSE(isReservedUsername(name)) << name;
}

namespace {
// Argon2id's own minimum (1 pass, 8 KiB): the same scheme and code path, fast enough for tests.
const PasswordHasher kCheap({1, 8 * 1024});
} // namespace

TEST(Credentials, HashesAreSaltedArgon2idAndVerify) {
    const std::string a = kCheap.hash("correct horse");
    const std::string b = kCheap.hash("correct horse");
    EXPECT_NE(a, b); // a salt of its own each time
    EXPECT_EQ(a.rfind("$argon2id$v=19$m=8,t=1,p=1$", 0), 0u) << a;
    EXPECT_TRUE(kCheap.verify("correct horse", a));
    EXPECT_TRUE(kCheap.verify("correct horse", b));
    EXPECT_FALSE(kCheap.verify("correct horsf", a));
    EXPECT_FALSE(kCheap.verify("", a));
    EXPECT_FALSE(kCheap.verify("correct horse", "correct horse"));
    EXPECT_FALSE(kCheap.verify("correct horse", ""));
    EXPECT_FALSE(kCheap.verify("correct horse", a.substr(0, a.size() - 4)));
    EXPECT_FALSE(kCheap.verify("correct horse", "$argon2id$" + std::string(200, 'A')));
    // Verifying reads the cost from the hash, not from the hasher.
    EXPECT_TRUE(PasswordHasher().verify("correct horse", a));
}

TEST(Credentials, TheDefaultCostIsAtLeastOwaspsMinimum) {
    const PasswordHasher hasher;
    EXPECT_GE(hasher.cost().passes, 2u);
    EXPECT_GE(hasher.cost().memoryBytes, std::size_t{19} << 20);
    const std::string stored = hasher.hash("password1");
    EXPECT_EQ(stored.rfind("$argon2id$v=19$m=32768,t=2,p=1$", 0), 0u) << stored;
    EXPECT_TRUE(hasher.verify("password1", stored));
    EXPECT_FALSE(hasher.needsRehash(stored));
}

TEST(Credentials, CostsBelowArgon2idsMinimumAreRefused) {
    EXPECT_THROW(PasswordHasher({0, 8 * 1024}), std::invalid_argument);
    EXPECT_THROW(PasswordHasher({1, 1024}), std::invalid_argument);
}

TEST(Credentials, HashesOfTheEarlierPbkdf2SchemeStillVerify) {
    // PBKDF2-HMAC-SHA256, 1,000 iterations, salt 00..0f, as the previous scheme stored it.
    const std::string legacy =
        "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw==$yRTMTwbMbo9G0VfjobWqerzuuxe7BETNTErBbKKumGQ=";
    EXPECT_TRUE(kCheap.verify("correct horse", legacy));
    EXPECT_FALSE(kCheap.verify("correct horsf", legacy));
    EXPECT_FALSE(kCheap.verify("correct horse", "pbkdf2-sha256$x$AAAA$BBBB"));
    EXPECT_FALSE(kCheap.verify(
        "correct horse", "pbkdf2-sha256$0$AAECAwQFBgcICQoLDA0ODw==$yRTMTwbMbo9G0VfjobWqerzuuxe7BETNTErBbKKumGQ="));
    EXPECT_FALSE(kCheap.verify("correct horse", legacy.substr(0, legacy.size() - 4)));
}

TEST(Credentials, OldSchemesAndOtherCostsAskForARehash) {
    const PasswordHasher production;
    const std::string cheap = kCheap.hash("correct horse");
    EXPECT_FALSE(kCheap.needsRehash(cheap));
    EXPECT_TRUE(production.needsRehash(cheap));
    EXPECT_TRUE(production.needsRehash(
        "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw==$yRTMTwbMbo9G0VfjobWqerzuuxe7BETNTErBbKKumGQ="));
    EXPECT_TRUE(production.needsRehash(
        "$argon2i$v=19$m=32768,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    EXPECT_TRUE(production.needsRehash("garbage"));
}

TEST(Credentials, TokensAreRandomAndOnlyTheirDigestIsKept) {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const IssuedToken t = issueToken();
        EXPECT_EQ(t.token.size(), 43u); // 32 bytes, base64url without padding
        EXPECT_EQ(t.token.find_first_of("+/="), std::string::npos);
        EXPECT_EQ(t.digest, tokenDigest(t.token));
        EXPECT_EQ(t.digest.size(), 64u);
        EXPECT_NE(t.digest, t.token);
        seen.insert(t.token);
    }
    EXPECT_EQ(seen.size(), 100u);
}
