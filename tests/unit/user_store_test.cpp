#include <gtest/gtest.h>

#include "platform_api/user_store.h"
#include "support/scratch_dir.h"

using namespace kse;

namespace {

class UserStoreTest : public testing::Test {
protected:
    test::ScratchDir m_dir{"kse-user-store"};
    UserStore m_store{m_dir.file("platform-api.db")};
};

} // namespace

TEST_F(UserStoreTest, CreatesUsersWithAnAccountAndRefusesTakenNamesInAnyCase) {
    const auto alice = m_store.createUser("Alice", "hash-a", Role::Trader, 1'000'000'000, 5);
    ASSERT_TRUE(alice);
    EXPECT_EQ(alice->username, "Alice");
    EXPECT_EQ(alice->role, Role::Trader);
    EXPECT_EQ(alice->created, 5);
    EXPECT_FALSE(m_store.createUser("alice", "hash-b", Role::Admin, 0, 6));
    EXPECT_EQ(m_store.user("ALICE")->id, alice->id);
    EXPECT_EQ(m_store.user(alice->id)->passwordHash, "hash-a");
    EXPECT_FALSE(m_store.user("bob"));
    const Account account = m_store.account(alice->id);
    EXPECT_EQ(account.cash.ticks(), 1'000'000'000);
    EXPECT_EQ(account.reservedCash.ticks(), 0);
    EXPECT_TRUE(account.holdings.empty());
}

TEST_F(UserStoreTest, APasswordHashIsReplacedForThatUserOnly) {
    const auto alice = m_store.createUser("alice", "old-a", Role::Trader, 0, 1);
    ASSERT_TRUE(m_store.createUser("bob", "old-b", Role::Trader, 0, 1));
    m_store.updatePasswordHash(alice->id, "new-a");
    EXPECT_EQ(m_store.user("alice")->passwordHash, "new-a");
    EXPECT_EQ(m_store.user("bob")->passwordHash, "old-b");
    EXPECT_EQ(m_store.user(alice->id)->username, "alice");
}

TEST_F(UserStoreTest, SessionsAreFoundByDigestUntilTheyExpireOrEnd) {
    const auto admin = m_store.createUser("root", "h", Role::Admin, 0, 1);
    m_store.addSession("digest-1", admin->id, 100);
    const auto session = m_store.session("digest-1", 99);
    ASSERT_TRUE(session);
    EXPECT_EQ(session->userId, admin->id);
    EXPECT_EQ(session->username, "root");
    EXPECT_EQ(session->role, Role::Admin);
    EXPECT_FALSE(m_store.session("digest-1", 100)); // expired
    EXPECT_FALSE(m_store.session("digest-2", 1));
    m_store.addSession("digest-3", admin->id, 1'000);
    m_store.removeSession("digest-3");
    EXPECT_FALSE(m_store.session("digest-3", 1));
    m_store.removeExpiredSessions(100);
    EXPECT_FALSE(m_store.session("digest-1", 0)); // gone for good
}

TEST_F(UserStoreTest, AccountsRoundTripWithHoldings) {
    const auto bob = m_store.createUser("bob", "h", Role::Trader, 500, 1);
    Account a = m_store.account(bob->id);
    a.cash = Money::fromTicks(400);
    a.reservedCash = Money::fromTicks(50);
    a.realizedPnl = Money::fromTicks(-7);
    a.holdings["AAPL"] = Holding{10, 4, Money::fromTicks(1'000)};
    a.holdings["MSFT"] = Holding{1, 0, Money::fromTicks(300)};
    {
        SqliteTransaction transaction(m_store.db());
        m_store.saveAccount(bob->id, a);
        transaction.commit();
    }
    EXPECT_EQ(m_store.account(bob->id), a);
    a.holdings.erase("MSFT");
    {
        SqliteTransaction transaction(m_store.db());
        m_store.saveAccount(bob->id, a);
        // not committed: rolled back
    }
    EXPECT_EQ(m_store.account(bob->id).holdings.size(), 2u);
    EXPECT_THROW(m_store.account(bob->id + 100), StoreError);
}
