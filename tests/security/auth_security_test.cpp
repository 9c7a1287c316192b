// Attacks on the platform API's anonymous entry points (POST /api/v1/users, POST /api/v1/login)
// against a real `kse-backend platform-api`: memory pinned by huge usernames, password hashing
// forced by requests that should have been refused first, reserved names taken over, owners
// locked out by strangers, floods from one address; and a stored hash of the weaker scheme
// before Argon2id, replaced at its owner's next login. Each test speaks from addresses of its own
// in 127/8, so the per-address budgets of one test never touch another's.
#include "platform_api/user_store.h"
#include "support/bound_http_client.h"
#include "support/http_client.h"
#include "support/metrics_text.h"
#include "support/suite_backend.h"
#include "support/test_brokers.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <memory>
#include <utility>

using namespace kse::test;

namespace {

const QString kUsers = QStringLiteral("/api/v1/users");
const QString kLogin = QStringLiteral("/api/v1/login");
const QString kHashes = QStringLiteral("kse_platform_password_hashes_total");

QByteArray credentials(const QByteArray& username, const QByteArray& password) {
    return QJsonDocument(QJsonObject{{QStringLiteral("username"), QString::fromUtf8(username)},
                                     {QStringLiteral("password"), QString::fromUtf8(password)}})
        .toJson(QJsonDocument::Compact);
}

std::string errorOf(const HttpReply& reply) {
    return QJsonDocument::fromJson(reply.body).object().value(QLatin1String("error")).toString().toStdString();
}

// The resident memory of a process, in KiB (VmRSS in /proc/PID/status).
qint64 residentKiB(qint64 pid) {
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

class AuthSecurity : public testing::Test {
protected:
    static void SetUpTestSuite() {
        s_backend =
            std::make_unique<SuiteBackend>(QStringList{QStringLiteral("platform-api"), QStringLiteral("--port"),
                                                       QStringLiteral("0"), QStringLiteral("--no-market-maker")});
    }
    static void TearDownTestSuite() { s_backend.reset(); }
    void SetUp() override { ASSERT_TRUE(s_backend && s_backend->process.running()); }

    static BoundHttpClient from(const QString& source) { return BoundHttpClient(source, s_backend->process.port()); }
    static double hashes() {
        return metricValue(HttpClient(s_backend->process.baseUrl()).get(QStringLiteral("/metrics")).body, kHashes);
    }
    static QByteArray newName(const QString& stem) { return uniqueTag(stem).toLower().toUtf8(); }

    static inline std::unique_ptr<SuiteBackend> s_backend;
};

TEST_F(AuthSecurity, HugeUsernamesAtLoginAreRefusedAndPinNoMemory) {
    const QByteArray huge(1024 * 1024 - 64, 'a'); // the whole body stays under the 1 MiB limit
    const auto attempt = [&](int i) {
        // A different address for each, so none is stopped by its address's budget before the
        // name is looked at.
        return from(QStringLiteral("127.0.%1.%2").arg(10 + i / 200).arg(1 + i % 200))
            .post(kLogin, credentials(huge + QByteArray::number(i), "password-1"));
    };
    // The server's buffers for such requests exist before measuring, on each of its HTTP threads
    // (the kernel spreads the connections over them).
    for (int i = 0; i < 24; ++i)
        ASSERT_EQ(attempt(1'000 + i).status, 401);
    const qint64 before = residentKiB(s_backend->process.pid());
    ASSERT_GT(before, 0);
    for (int i = 0; i < 100; ++i) {
        const HttpReply reply = attempt(i);
        ASSERT_EQ(reply.status, 401) << i << ' ' << reply.body.toStdString();
        ASSERT_EQ(errorOf(reply), "wrong username or password");
    }
    const qint64 grown = residentKiB(s_backend->process.pid()) - before;
    EXPECT_LT(grown, 10 * 1024) << "100 MiB of usernames sent, " << grown << " KiB kept";
}

TEST_F(AuthSecurity, ReservedNamesCannotBeRegisteredInAnyCase) {
    BoundHttpClient client = from(QStringLiteral("127.0.2.1"));
    const double before = hashes();
    for (const QByteArray& name : {QByteArray("market-maker"), QByteArray("admin"), QByteArray("ADMIN"),
                                   QByteArray("Market_Maker"), QByteArray("root"), QByteArray("support")}) {
        const HttpReply reply = client.post(kUsers, credentials(name, "password-1"));
        EXPECT_EQ(reply.status, 403) << name.toStdString() << ' ' << reply.body.toStdString();
        EXPECT_EQ(errorOf(reply), "username " + name.toStdString() + " is reserved");
        // Nor can anyone log in with them: no account was made.
        EXPECT_EQ(client.post(kLogin, credentials(name, "password-1")).status, 401);
    }
    EXPECT_EQ(hashes(), before + 6); // the six logins; the refused registrations hashed nothing
}

TEST_F(AuthSecurity, AStrangersWrongPasswordsDoNotLockTheOwnerOut) {
    BoundHttpClient owner = from(QStringLiteral("127.0.3.1"));
    BoundHttpClient stranger = from(QStringLiteral("127.0.3.2"));
    const QByteArray name = newName(QStringLiteral("owner"));
    ASSERT_EQ(owner.post(kUsers, credentials(name, "owner-password")).status, 201);
    for (int i = 0; i < 5; ++i)
        ASSERT_EQ(stranger.post(kLogin, credentials(name, "wrong-guess-" + QByteArray::number(i))).status, 401);
    const HttpReply locked = stranger.post(kLogin, credentials(name, "owner-password"));
    EXPECT_EQ(locked.status, 429) << "the stranger's own attempts are locked";
    EXPECT_GE(locked.header("Retry-After").toInt(), 1);
    const HttpReply login = owner.post(kLogin, credentials(name, "owner-password"));
    EXPECT_EQ(login.status, 200) << login.body.toStdString();
    EXPECT_FALSE(QJsonDocument::fromJson(login.body).object().value(QLatin1String("token")).toString().isEmpty());
}

TEST_F(AuthSecurity, ATakenNameIsRefusedWithoutHashing) {
    BoundHttpClient client = from(QStringLiteral("127.0.4.1"));
    const QByteArray name = newName(QStringLiteral("taken"));
    ASSERT_EQ(client.post(kUsers, credentials(name, "password-1")).status, 201);
    const double before = hashes();
    ASSERT_GE(before, 1) << "the registration's hash is counted";
    for (int i = 0; i < 8; ++i) {
        const QByteArray spelling = i % 2 ? name.toUpper() : name;
        const HttpReply reply = client.post(kUsers, credentials(spelling, "another-password-" + QByteArray::number(i)));
        EXPECT_EQ(reply.status, 409) << reply.body.toStdString();
        EXPECT_EQ(errorOf(reply), "username " + spelling.toStdString() + " is taken");
    }
    EXPECT_EQ(hashes(), before);
}

TEST_F(AuthSecurity, AnUnknownNameCostsWhatAWrongPasswordCosts) {
    BoundHttpClient client = from(QStringLiteral("127.0.6.1"));
    const QByteArray name = newName(QStringLiteral("known"));
    ASSERT_EQ(client.post(kUsers, credentials(name, "password-1")).status, 201);
    const double start = hashes();
    const HttpReply wrong = client.post(kLogin, credentials(name, "password-2"));
    EXPECT_EQ(hashes(), start + 1);
    const HttpReply unknown = client.post(kLogin, credentials(newName(QStringLiteral("nobody")), "password-2"));
    EXPECT_EQ(hashes(), start + 2) << "an unknown name is checked against a hash too";
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(unknown.body, wrong.body);
    // A name that could never exist is refused before any of that.
    EXPECT_EQ(client.post(kLogin, credentials("no such name!", "password-2")).status, 401);
    EXPECT_EQ(hashes(), start + 2);
}

TEST_F(AuthSecurity, OneAddressGetsABurstThen429WithRetryAfter) {
    for (const auto& [source, path] :
         {std::pair{QStringLiteral("127.0.5.1"), kLogin}, std::pair{QStringLiteral("127.0.5.2"), kUsers}}) {
        BoundHttpClient client = from(source);
        // Cheap requests (a name that cannot exist, an empty object): only the budget stops them.
        const QByteArray body = path == kLogin ? credentials("x", "password-1") : QByteArray("{}");
        int answered = 0;
        HttpReply refused;
        for (int i = 0; i < 200 && refused.status == 0; ++i) {
            const HttpReply reply = client.post(path, body);
            ASSERT_NE(reply.status, 0);
            if (reply.status == 429)
                refused = reply;
            else
                ++answered;
        }
        ASSERT_EQ(refused.status, 429) << path.toStdString() << ": 200 requests and never refused";
        EXPECT_GE(answered, 10) << "the burst is allowed";
        EXPECT_GE(refused.header("Retry-After").toInt(), 1);
        EXPECT_EQ(errorOf(refused), "too many requests from this address; try again later");
        // Another address is not affected.
        EXPECT_NE(from(source + QStringLiteral("0")).post(path, body).status, 429);
    }
}

// A flood spread over many addresses gets past every per-address budget; the budget all addresses
// share still bounds the hashing, so the platform's thread stays free for everything else.
TEST(AuthHashBudget, AFloodFromManyAddressesCannotBuyMoreHashesThanTheBudget) {
    SuiteBackend backend({QStringLiteral("platform-api"), QStringLiteral("--port"), QStringLiteral("0"),
                          QStringLiteral("--no-market-maker"), QStringLiteral("--hash-rate"), QStringLiteral("1")});
    int created = 0;
    HttpReply busy;
    for (int i = 0; i < 8; ++i) { // eight addresses, one registration each: no address is over its own budget
        BoundHttpClient client(QStringLiteral("127.0.6.%1").arg(i + 1), backend.process.port());
        const HttpReply reply =
            client.post(kUsers, credentials(uniqueTag(QStringLiteral("flood")).toLower().toUtf8(), "password-1"));
        ASSERT_NE(reply.status, 0);
        if (reply.status == 201)
            ++created;
        else if (reply.status == 503)
            busy = reply;
    }
    // A burst of two, then one a second: eight registrations in well under six seconds leave some out.
    EXPECT_LT(created, 8);
    EXPECT_GE(created, 2);
    ASSERT_EQ(busy.status, 503);
    EXPECT_GE(busy.header("Retry-After").toInt(), 1);
    EXPECT_EQ(errorOf(busy), "too many sign-ins at once; try again in a moment");
    const QByteArray metrics = HttpClient(backend.process.baseUrl()).get(QStringLiteral("/metrics")).body;
    EXPECT_EQ(metricValue(metrics, kHashes), created);
    EXPECT_EQ(metricValue(metrics, QStringLiteral("kse_platform_password_hashes_refused_total")), 8 - created);
}

// A hash of the earlier scheme (PBKDF2-HMAC-SHA256, 1,000 iterations) of "correct horse".
const std::string kPbkdf2Hash =
    "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw==$yRTMTwbMbo9G0VfjobWqerzuuxe7BETNTErBbKKumGQ=";

TEST(AuthUpgrade, AnOldSchemeHashIsReplacedByArgon2idAtTheNextLogin) {
    QTemporaryDir dir;
    const std::string db = dir.filePath(QStringLiteral("platform-api.db")).toStdString();
    ASSERT_TRUE(kse::UserStore(db).createUser("oldtimer", kPbkdf2Hash, kse::Role::Trader, 0, 1));
    const QStringList arguments{QStringLiteral("platform-api"),      QStringLiteral("--port"),     QStringLiteral("0"),
                                QStringLiteral("--no-market-maker"), QStringLiteral("--data-dir"), dir.path()};
    const auto login = [&](int expectedHashes) {
        BackendProcess backend(arguments);
        backend.start();
        HttpClient http(backend.baseUrl());
        const HttpReply reply = http.post(kLogin, credentials("oldtimer", "correct horse"));
        EXPECT_EQ(reply.status, 200) << reply.body.toStdString();
        EXPECT_EQ(metricValue(http.get(QStringLiteral("/metrics")).body, kHashes), expectedHashes);
        EXPECT_EQ(backend.terminate(), 0) << backend.output().toStdString();
    };
    login(2); // the check against the old hash, and the new hash
    const std::string upgraded = kse::UserStore(db).user("oldtimer")->passwordHash;
    EXPECT_EQ(upgraded.rfind("$argon2id$v=19$m=32768,t=2,p=1$", 0), 0u) << upgraded;
    login(1); // the new hash verifies and is kept
    EXPECT_EQ(kse::UserStore(db).user("oldtimer")->passwordHash, upgraded);
}

} // namespace
