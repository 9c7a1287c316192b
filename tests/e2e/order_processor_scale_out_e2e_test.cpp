// Two order processors in one group on the real broker, and a platform that knows both. Each
// processor answers a symbol's book only while it owns the symbol's partition (421 otherwise);
// one killed, its partitions move, and it comes back: the member that gave them back never
// answers with the books it had, and the platform always relays the owner's book.
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <algorithm>
#include <gtest/gtest.h>
#include <memory>
#include <vector>

#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/json_reply.h"
#include "support/order_feed.h"
#include "support/test_brokers.h"
#include "support/wait.h"

using namespace kse::test;
using kse::Side;

namespace {

constexpr int kSymbols = 12;
constexpr int kHandoverMs = 90'000; // the session timeout (20 s) of a killed member, a rebalance, a replay

// One order processor whose data directory outlives its processes.
class Processor {
public:
    Processor() { start(); }
    void start() {
        m_process =
            std::make_unique<BackendProcess>(serviceOnTestBrokers(QStringLiteral("order-processor"), m_dir.path()));
        m_process->start();
        m_http = std::make_unique<HttpClient>(m_process->baseUrl());
    }
    void kill() { m_process->kill(); }
    QString url() const { return m_process->baseUrl(); }
    HttpReply book(const QString& symbol) { return m_http->get(QStringLiteral("/api/v1/book/") + symbol); }
    HttpReply trades(const QString& symbol) { return m_http->get(QStringLiteral("/api/v1/trades/") + symbol); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<BackendProcess> m_process;
    std::unique_ptr<HttpClient> m_http;
};

int bidLevels(const HttpReply& reply) {
    return static_cast<int>(objectOf(reply).value(QLatin1String("bids")).toArray().size());
}

// For every symbol, who answered 200 with `levels` bid levels; the rest must answer 421.
struct Owners {
    std::vector<int> owner; // 0 or 1 for each symbol; -1: nobody, or a wrong answer
    int ownedBy(int member) const { return static_cast<int>(std::count(owner.begin(), owner.end(), member)); }
    bool complete() const { return std::find(owner.begin(), owner.end(), -1) == owner.end(); }
};

Owners owners(std::vector<Processor*> members, const std::vector<QString>& symbols, int levels) {
    Owners out;
    for (const QString& symbol : symbols) {
        int found = -1;
        int answers = 0;
        for (std::size_t m = 0; m < members.size(); ++m) {
            if (!members[m]) // killed
                continue;
            const auto reply = members[m]->book(symbol);
            if (reply.status == 200 && bidLevels(reply) == levels) {
                found = static_cast<int>(m);
                ++answers;
            } else if (reply.status != 421) {
                answers = 2; // a book that is not the owner's: stale or still replaying
            }
        }
        out.owner.push_back(answers == 1 ? found : -1);
    }
    return out;
}

} // namespace

TEST(OrderProcessorScaleOut, OnlyTheOwnerAnswersABookAndAHandoverLeavesNoStaleBook) {
    const QString tag = uniqueTag(QStringLiteral("SO"));
    std::vector<QString> symbols;
    for (int i = 0; i < kSymbols; ++i)
        symbols.push_back(tag + QStringLiteral("_") + QString::number(i));

    Processor a;
    Processor b;
    OrderFeed feed(testBrokers().toStdString());
    for (const QString& symbol : symbols)
        feed.send(limitOrder(symbol.toStdString() + "-1", "alice", symbol.toStdString(), Side::Buy, 10, 1'000'000));
    ASSERT_TRUE(feed.flush());

    // The group splits the partitions: every symbol's book from exactly one of the two.
    Owners split;
    ASSERT_TRUE(waitUntil(
        [&] {
            split = owners({&a, &b}, symbols, 1);
            return split.complete() && split.ownedBy(0) > 0 && split.ownedBy(1) > 0;
        },
        kHandoverMs))
        << "owned by a: " << split.ownedBy(0) << ", by b: " << split.ownedBy(1);

    // b dies: after its session timeout a owns everything, its books rebuilt by replay.
    b.kill();
    ASSERT_TRUE(waitUntil([&] { return owners({&a, nullptr}, symbols, 1).ownedBy(0) == kSymbols; }, kHandoverMs));

    // A second bid level on every book while b is away.
    for (const QString& symbol : symbols)
        feed.send(limitOrder(symbol.toStdString() + "-2", "alice", symbol.toStdString(), Side::Buy, 10, 990'000));
    ASSERT_TRUE(feed.flush());
    ASSERT_TRUE(waitUntil([&] { return owners({&a, nullptr}, symbols, 2).ownedBy(0) == kSymbols; }, kHandoverMs));

    // b comes back and takes partitions again: a answers 421 for them, not the books it had, and b
    // answers with both levels (its snapshot from before, and the orders that came while it was away).
    b.start();
    Owners back;
    ASSERT_TRUE(waitUntil(
        [&] {
            back = owners({&a, &b}, symbols, 2);
            return back.complete() && back.ownedBy(1) > 0;
        },
        kHandoverMs))
        << "owned by a: " << back.ownedBy(0) << ", by b: " << back.ownedBy(1);

    // A symbol's trades come from its owner alone, like its book.
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        Processor& owner = back.owner[i] == 0 ? a : b;
        Processor& other = back.owner[i] == 0 ? b : a;
        EXPECT_EQ(owner.trades(symbols[i]).status, 200) << symbols[i].toStdString();
        EXPECT_EQ(other.trades(symbols[i]).status, 421) << symbols[i].toStdString();
    }

    // The platform asks both and relays the owner's book, whichever it is.
    QTemporaryDir platformDir;
    QStringList platformArguments = serviceOnTestBrokers(QStringLiteral("platform-api"), platformDir.path());
    platformArguments << QStringLiteral("--no-market-maker") << QStringLiteral("--order-processor-url")
                      << a.url() + QStringLiteral(",") + b.url();
    BackendProcess platform(platformArguments);
    platform.start();
    HttpClient http(platform.baseUrl());
    const QByteArray user = tag.toLower().toUtf8();
    ASSERT_EQ(
        http.post(QStringLiteral("/api/v1/users"), R"({"username":")" + user + R"(","password":"password-1"})").status,
        201);
    const auto login =
        http.post(QStringLiteral("/api/v1/login"), R"({"username":")" + user + R"(","password":"password-1"})");
    ASSERT_EQ(login.status, 200);
    http.setBearer(objectOf(login).value(QLatin1String("token")).toString().toUtf8());
    for (const QString& symbol : symbols) {
        const auto relayed = http.get(QStringLiteral("/api/v1/book/") + symbol);
        EXPECT_EQ(relayed.status, 200) << symbol.toStdString();
        EXPECT_EQ(bidLevels(relayed), 2) << symbol.toStdString();
    }
}
