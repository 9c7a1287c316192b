// The docs' examples against a real `kse-backend all` on the real broker: every "sh example" block
// of README.md and docs/*.md runs in order, file by file, and each command must exit and answer
// as written below it (see doc_example.h). Also: every relative link of those files resolves.
#include "answer_pattern.h"
#include "doc_example.h"
#include "doc_runner.h"
#include "markdown_links.h"
#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/json_reply.h"
#include "support/test_brokers.h"
#include "support/wait.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace kse::test;

namespace {

const QString kSourceDir = QStringLiteral(KSE_SOURCE_DIR);
// The admin password the docs' examples use (README, "A five-minute tour").
const QString kAdminPassword = QStringLiteral("adminpass1");
// Names the docs use; each file gets names of its own that no earlier run used, so files, runs
// and the other tests sharing the broker never meet in one order book or account.
const QStringList kSymbols{QStringLiteral("AAPL"), QStringLiteral("MSFT")};
const QStringList kUsers{QStringLiteral("alice"), QStringLiteral("bob")};
// What the market simulator prices, as it does with scripts/run; the others are priced by the
// examples themselves.
const QString kSimulated = QStringLiteral("MSFT");

// README.md, then docs/*.md by name (paths relative to the source directory).
QStringList docFiles() {
    QStringList files{QStringLiteral("README.md")};
    for (const QString& name :
         QDir(kSourceDir + QStringLiteral("/docs")).entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name))
        files << QStringLiteral("docs/") + name;
    return files;
}

QString read(const QString& relativePath) {
    QFile file(kSourceDir + QLatin1Char('/') + relativePath);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << relativePath.toStdString();
    return QString::fromUtf8(file.readAll());
}

// Digits that shrink as time passes: the platform's market maker quotes the first 50 priced
// symbols by name, and a broker shared with earlier runs knows many; this run's come first.
QString runStamp() { return QString::number(9'999'999'999LL - QDateTime::currentSecsSinceEpoch()); }

QMap<QString, QString> renamesFor(int fileIndex, const QString& stamp) {
    QMap<QString, QString> renames;
    const QString tag = stamp + QString::number(fileIndex);
    for (const QString& symbol : kSymbols)
        renames.insert(symbol, tag + symbol);
    for (const QString& user : kUsers)
        renames.insert(user, user + tag);
    return renames;
}

QProcessEnvironment shellEnvironment(const BackendProcess& backend, const QString& runtimeDir) {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // As in a desktop session; without it Qt warns on stderr, which the examples' answers include.
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir);
    environment.insert(QStringLiteral("KSE"), backend.baseUrl(QStringLiteral("platform-api")));
    environment.insert(QStringLiteral("ANALYTICS"), backend.baseUrl(QStringLiteral("user-analytics")));
    environment.insert(QStringLiteral("INGESTOR"), backend.baseUrl(QStringLiteral("stock-ingestor")));
    environment.insert(QStringLiteral("AGGREGATOR"), backend.baseUrl(QStringLiteral("stock-aggregator")));
    environment.insert(QStringLiteral("ORDER_PROCESSOR"), backend.baseUrl(QStringLiteral("order-processor")));
    const QString tools = QFileInfo(QStringLiteral(KSE_CHART_PATH)).absolutePath() + QLatin1Char(':') +
                          QFileInfo(QStringLiteral(KSE_BACKEND_PATH)).absolutePath();
    environment.insert(QStringLiteral("PATH"), tools + QLatin1Char(':') + environment.value(QStringLiteral("PATH")));
    return environment;
}

// True once the market maker quotes `symbol` on both sides, as it does a moment after
// scripts/run starts.
bool quoted(HttpClient& platform, const QString& symbol) {
    const QJsonObject book = objectOf(platform.get(QStringLiteral("/api/v1/book/") + symbol));
    return !book.value(QLatin1String("bids")).toArray().isEmpty() &&
           !book.value(QLatin1String("asks")).toArray().isEmpty();
}

} // namespace

TEST(DocsLinks, EveryRelativeLinkOfTheDocsResolves) {
    const QStringList files = docFiles();
    ASSERT_GT(files.size(), 5) << "docs/*.md not found under " << kSourceDir.toStdString();
    QStringList broken;
    for (const QString& file : files)
        broken << brokenLinks(kSourceDir + QLatin1Char('/') + file, file);
    EXPECT_TRUE(broken.isEmpty()) << broken.join(QLatin1Char('\n')).toStdString();
}

TEST(DocsLinks, AnchorsAreGitHubs) {
    EXPECT_EQ(headingAnchor(QStringLiteral("`kse-backend SERVICE [options]`")),
              QStringLiteral("kse-backend-service-options"));
    EXPECT_EQ(headingAnchor(QStringLiteral("KSE — the Kafka Stock Exchange")),
              QStringLiteral("kse--the-kafka-stock-exchange"));
    EXPECT_EQ(headingAnchor(QStringLiteral("Platform API (port 8080)")), QStringLiteral("platform-api-port-8080"));
}

TEST(DocsExamples, AnswersMatchStrictlyExceptWhereTheDocsWriteAnEllipsis) {
    const AnswerPattern pattern(QStringLiteral(R"({"order_id":…,"status":"filled",…})"));
    EXPECT_TRUE(pattern.matches(QStringLiteral(R"({"order_id":"o-1","status":"filled","qty":10,"t":[1,{"a":"}"}]})")));
    EXPECT_FALSE(pattern.matches(QStringLiteral(R"({"order_id":"o-1","status":"pending","qty":10})")));
    EXPECT_FALSE(pattern.matches(QStringLiteral(R"({"order_id":"o-1","status":"filled"})")));
    EXPECT_FALSE(pattern.matches(QStringLiteral(R"({"order_id":"o-1"},"status":"filled",…})")));
    EXPECT_TRUE(AnswerPattern(QStringLiteral("201")).matches(QStringLiteral("201")));
    EXPECT_FALSE(AnswerPattern(QStringLiteral("201")).matches(QStringLiteral("2010")));
    EXPECT_TRUE(AnswerPattern(QStringLiteral(R"({"error":"not enough cash: …"})"))
                    .matches(QStringLiteral(R"({"error":"not enough cash: 1.00 available, 2.00 needed"})")));
}

TEST(DocsExamples, ABrokenExampleIsReportedWithItsFileAndLine) {
    const QString markdown = QStringLiteral("Text.\n"
                                            "```sh example\n"
                                            "GREETING=hello\n"
                                            "echo \"$GREETING alice\"\n"
                                            "# \u2192 hello alice\n"
                                            "echo \"$GREETING\" \\\n"
                                            "  bob\n"
                                            "# \u2192 goodbye bob\n"
                                            "false\n"
                                            "sh -c 'echo no; exit 3'\n"
                                            "# \u2192 no\n"
                                            "# \u2192 exit 3\n"
                                            "test -e marker && echo ready || { touch marker; false; }\n"
                                            "# \u2192 eventually ready\n"
                                            "```\n"
                                            "```sh\n"
                                            "false\n"
                                            "```\n");
    const auto examples = parseDocExamples(markdown);
    ASSERT_EQ(examples.size(), 6u);
    EXPECT_EQ(examples[2].command, QStringLiteral("echo \"$GREETING\" \\\n  bob"));
    EXPECT_EQ(examples[4].exitStatus, 3);
    EXPECT_TRUE(examples[5].eventually);

    QTemporaryDir dir;
    const DocRunner runner(QProcessEnvironment::systemEnvironment(), dir.path(),
                           {{QStringLiteral("alice"), QStringLiteral("carol")}});
    const QStringList failures = runner.run(QStringLiteral("broken.md"), markdown);
    ASSERT_EQ(failures.size(), 2) << failures.join(QLatin1Char('\n')).toStdString();
    EXPECT_TRUE(failures[0].startsWith(QStringLiteral("broken.md:6: echo"))) << failures[0].toStdString();
    EXPECT_TRUE(failures[0].contains(QStringLiteral("hello bob"))) << failures[0].toStdString();
    EXPECT_TRUE(failures[1].startsWith(QStringLiteral("broken.md:9: false"))) << failures[1].toStdString();
}

TEST(DocsExamplesE2E, EveryExampleOfTheDocsAnswersAsWritten) {
    const QStringList files = docFiles();
    const QString stamp = runStamp();
    QStringList simulated;
    for (int i = 0; i < files.size(); ++i)
        simulated << renamesFor(i, stamp).value(kSimulated);

    QTemporaryDir data;
    BackendProcess backend({QStringLiteral("all"), QStringLiteral("--port"), QStringLiteral("0"),
                            QStringLiteral("--brokers"), testBrokers(), QStringLiteral("--data-dir"), data.path(),
                            QStringLiteral("--simulate"), simulated.join(QLatin1Char(',')), QStringLiteral("--rate"),
                            QStringLiteral("20")});
    backend.setEnvironment({{QStringLiteral("KSE_ADMIN_PASSWORD"), kAdminPassword}});
    backend.start(60'000);
    ASSERT_TRUE(backend.running());

    HttpClient platform(backend.baseUrl(QStringLiteral("platform-api")));
    const auto login = platform.post(QStringLiteral("/api/v1/login"),
                                     R"({"username":"admin","password":")" + kAdminPassword.toUtf8() + R"("})");
    ASSERT_EQ(login.status, 200) << login.body.toStdString();
    platform.setBearer(objectOf(login).value(QLatin1String("token")).toString().toUtf8());
    for (const QString& symbol : simulated)
        ASSERT_TRUE(waitUntil([&] { return quoted(platform, symbol); }, 60'000))
            << "the market maker does not quote " << symbol.toStdString() << "\n"
            << backend.output().toStdString();

    QTemporaryDir work;
    QTemporaryDir runtime; // private (0700), as Qt wants it
    QStringList failures;
    for (int i = 0; i < files.size(); ++i) {
        const DocRunner runner(shellEnvironment(backend, runtime.path()), work.path(), renamesFor(i, stamp));
        const QString markdown = read(files[i]);
        EXPECT_FALSE(parseDocExamples(markdown).empty() && files[i] == QStringLiteral("README.md"))
            << "README.md has no runnable example";
        failures << runner.run(files[i], markdown);
    }
    EXPECT_TRUE(failures.isEmpty()) << failures.size() << " example(s) disagree with the system (names as renamed "
                                    << "for this run):\n"
                                    << failures.join(QStringLiteral("\n\n")).toStdString();
    EXPECT_EQ(backend.terminate(), 0) << backend.output().toStdString();
}
