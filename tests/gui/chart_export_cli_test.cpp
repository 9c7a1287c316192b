// `kse-chart export` as a user runs it: a real process against a real kse-backend (embedded
// cluster), with no display. Prices go in through the ingestor; the chart is of the candles the
// platform API serves.
#include "api/platform_resources.h"
#include "chart/chart_series.h"
#include "export/chart_exporter.h"
#include "support/backend_process.h"
#include "support/http_client.h"
#include "support/suite_backend.h"
#include "support/test_brokers.h"
#include "support/wait.h"

#include <QDateTime>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace kse::test;

namespace {

struct ChartRun {
    int exitCode = -1;
    QString output;
};

ChartRun chart(const QStringList& arguments) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(KSE_CHART_PATH), arguments);
    if (!process.waitForFinished(60'000))
        return {};
    return {process.exitCode(), QString::fromUtf8(process.readAll())};
}

class ChartExportCli : public testing::Test {
protected:
    static void SetUpTestSuite() {
        s_backend = std::make_unique<SuiteBackend>(QStringList{
            QStringLiteral("all"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--no-market-maker")});
    }
    static void TearDownTestSuite() { s_backend.reset(); }
    void SetUp() override { ASSERT_TRUE(s_backend && s_backend->process.running()); }
    QString api() const { return s_backend->process.baseUrl(QStringLiteral("platform-api")); }

    // Five minutes of prices, one tick every 20 s, ending a few minutes ago; their 1-minute
    // candles as the platform API serves them.
    QByteArray pricedSymbol(const QString& symbol) {
        HttpClient ingest(s_backend->process.baseUrl(QStringLiteral("stock-ingestor")));
        const qint64 minute = QDateTime::currentMSecsSinceEpoch() / 60'000 * 60'000 - 8 * 60'000;
        for (int i = 0; i < 15; ++i) {
            const QByteArray tick = R"({"id":)" + QByteArray::number(i + 1) + R"(,"name":")" + symbol.toUtf8() +
                                    R"(","price":)" + QByteArray::number(100 + (i * 7) % 5 + i * 0.25, 'f', 2) +
                                    R"(,"volume":)" + QByteArray::number(10 + i) + R"(,"ts":)" +
                                    QByteArray::number(minute + i * 20'000) + "}";
            EXPECT_EQ(ingest.post(QStringLiteral("/api/v1/stock"), tick).status, 201);
        }
        HttpClient platform(api());
        QByteArray body;
        EXPECT_TRUE(waitUntil([&] {
            const auto reply = platform.get(QStringLiteral("/api/v1/stocks/%1/candles?interval=1m").arg(symbol));
            body = reply.body;
            const QJsonArray candles = QJsonDocument::fromJson(body).array();
            int count = 0;
            for (const auto& c : candles)
                count += c.toObject().value(QLatin1String("count")).toInt();
            return reply.status == 200 && candles.size() == 5 && count == 15;
        })) << body.toStdString();
        return body;
    }

    static inline std::unique_ptr<SuiteBackend> s_backend;
};

} // namespace

TEST_F(ChartExportCli, ExportsPngSvgPdfAndCsvOfTheApisCandles) {
    const QString symbol = uniqueTag(QStringLiteral("CX"));
    const QByteArray served = pricedSymbol(symbol);
    QTemporaryDir dir;
    const auto run = [&](const QString& file, const QStringList& extra = {}) {
        return chart(QStringList{QStringLiteral("export"), QStringLiteral("--symbol"), symbol,
                                 QStringLiteral("--interval"), QStringLiteral("1m"), QStringLiteral("--api"), api(),
                                 QStringLiteral("--out"), dir.filePath(file)} +
                     extra);
    };
    const ChartRun png = run(QStringLiteral("chart.png"), {QStringLiteral("--width"), QStringLiteral("900"),
                                                           QStringLiteral("--height"), QStringLiteral("480")});
    ASSERT_EQ(png.exitCode, 0) << png.output.toStdString();
    EXPECT_TRUE(png.output.contains(QStringLiteral("5 candles"))) << png.output.toStdString();
    EXPECT_EQ(QImage(dir.filePath(QStringLiteral("chart.png"))).size(), QSize(900, 480));

    ASSERT_EQ(run(QStringLiteral("chart.svg")).exitCode, 0);
    EXPECT_TRUE(QSvgRenderer(dir.filePath(QStringLiteral("chart.svg"))).isValid());
    ASSERT_EQ(run(QStringLiteral("chart.pdf"), {QStringLiteral("--theme"), QStringLiteral("dark")}).exitCode, 0);
    QFile pdf(dir.filePath(QStringLiteral("chart.pdf")));
    ASSERT_TRUE(pdf.open(QIODevice::ReadOnly));
    EXPECT_TRUE(pdf.readAll().startsWith("%PDF-"));

    ASSERT_EQ(run(QStringLiteral("chart.csv")).exitCode, 0);
    QFile csv(dir.filePath(QStringLiteral("chart.csv")));
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    // The rows are the candles the API serves, to the tick.
    const auto candles = kse::decodeCandles(served);
    ASSERT_TRUE(candles);
    EXPECT_EQ(csv.readAll(), kse::ChartExporter::csv(kse::ChartSeries{symbol, QStringLiteral("1m"), candles.value()}));

    // --from and --to select by candle start.
    const qint64 second = candles.value()[1].start, fourth = candles.value()[3].start;
    const ChartRun range =
        run(QStringLiteral("range.csv"), {QStringLiteral("--from"), QString::number(second), QStringLiteral("--to"),
                                          QDateTime::fromMSecsSinceEpoch(fourth, Qt::UTC).toString(Qt::ISODate)});
    ASSERT_EQ(range.exitCode, 0) << range.output.toStdString();
    QFile rangeFile(dir.filePath(QStringLiteral("range.csv")));
    ASSERT_TRUE(rangeFile.open(QIODevice::ReadOnly));
    EXPECT_EQ(rangeFile.readAll().count('\n'), 1 + 3);
}

TEST_F(ChartExportCli, ClearErrorsForBadArgumentsAndUnknownSymbols) {
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("x.png"));
    const ChartRun unknown = chart({QStringLiteral("export"), QStringLiteral("--symbol"), QStringLiteral("NOSUCH1"),
                                    QStringLiteral("--api"), api(), QStringLiteral("--out"), out});
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_TRUE(unknown.output.contains(QStringLiteral("404"))) << unknown.output.toStdString();
    EXPECT_FALSE(QFile::exists(out));
    const ChartRun down =
        chart({QStringLiteral("export"), QStringLiteral("--symbol"), QStringLiteral("AAPL"), QStringLiteral("--api"),
               QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--out"), out});
    EXPECT_EQ(down.exitCode, 1);
    EXPECT_TRUE(down.output.contains(QStringLiteral("cannot reach"))) << down.output.toStdString();
    for (const QStringList& bad :
         {QStringList{QStringLiteral("export"), QStringLiteral("--out"), out},
          QStringList{QStringLiteral("export"), QStringLiteral("--symbol"), QStringLiteral("A"),
                      QStringLiteral("--out"), dir.filePath(QStringLiteral("x.gif"))},
          QStringList{QStringLiteral("export"), QStringLiteral("--symbol"), QStringLiteral("A"),
                      QStringLiteral("--interval"), QStringLiteral("2m"), QStringLiteral("--out"), out},
          QStringList{QStringLiteral("export"), QStringLiteral("--symbol"), QStringLiteral("A"),
                      QStringLiteral("--width"), QStringLiteral("5"), QStringLiteral("--out"), out},
          QStringList{QStringLiteral("draw"), QStringLiteral("--symbol"), QStringLiteral("A"), QStringLiteral("--out"),
                      out}}) {
        const ChartRun r = chart(bad);
        EXPECT_EQ(r.exitCode, 2) << bad.join(QLatin1Char(' ')).toStdString() << ": " << r.output.toStdString();
        EXPECT_TRUE(r.output.contains(QStringLiteral("kse-chart:"))) << r.output.toStdString();
    }
    EXPECT_EQ(chart({QStringLiteral("--help")}).exitCode, 0);
}
