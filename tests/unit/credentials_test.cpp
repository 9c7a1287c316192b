#include <gtest/gtest.h>

#include <set>

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

TEST(Credentials, HashesAreSaltedAndVerify) {
    // Few iterations: the scheme is the same, the test stays fast.
    const std::string a = PasswordHasher::hash("correct horse", 1'000);
    const std::string b = PasswordHasher::hash("correct horse", 1'000);
    EXPECT_NE(a, b); // a salt of its own each time
    EXPECT_EQ(a.rfind("pbkdf2-sha256$1000$", 0), 0u);
    EXPECT_TRUE(PasswordHasher::verify("correct horse", a));
    EXPECT_TRUE(PasswordHasher::verify("correct horse", b));
    EXPECT_FALSE(PasswordHasher::verify("correct horsf", a));
    EXPECT_FALSE(PasswordHasher::verify("", a));
    EXPECT_FALSE(PasswordHasher::verify("correct horse", "correct horse"));
    EXPECT_FALSE(PasswordHasher::verify("correct horse", "pbkdf2-sha256$x$AAAA$BBBB"));
    EXPECT_FALSE(PasswordHasher::verify("correct horse", a.substr(0, a.size() - 4)));
}

TEST(Credentials, TheDefaultWorkFactorIsTheDocumentedOne) {
    EXPECT_EQ(PasswordHasher::hash("password1").rfind("pbkdf2-sha256$100000$", 0), 0u);
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
