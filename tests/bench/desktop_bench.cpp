// `kse-bench-desktop BACKEND [SECONDS] [SYMBOLS] [RATE] [CHARTS]`: the terminal under a busy
// market, on the offscreen platform. Starts `BACKEND all --simulate SYMBOLS --rate RATE` (embedded
// Kafka), signs a new user in, opens the main window (1600 × 1000) with CHARTS one-second charts
// (1 by default; 2 to 4 side by side in the grid), and for SECONDS measures how late a
// 10 ms timer fires on the UI thread (the event loop's latency) and the process's RSS. Then the
// chart alone with 5,000 candles: the time a zoom, a pan and a repaint take. Never fails on speed.
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QImage>
#include <QPainter>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <malloc.h>
#include <map>
#include <vector>

#include "api/platform_client.h"
#include "bench_wait.h"
#include "chart/candle_chart.h"
#include "log/logger.h"
#include "ui/chart_area.h"
#include "ui/chart_tab.h"
#include "ui/main_window.h"

namespace {

// Times every event the UI thread dispatches from its own loop, so that a late timer can be told
// apart: our own slow handler (it shows here) or a UI thread kept off the CPU (nothing shows).
class TimedApplication : public QApplication {
public:
    using QApplication::QApplication;

    bool notify(QObject* receiver, QEvent* event) override {
        if (depth_ > 0 || !recording_)
            return QApplication::notify(receiver, event);
        ++depth_;
        // A handler may delete its receiver (a deferred delete does): read what the report needs
        // first, and look at the receiver again only if it is still there.
        const char* className = receiver->metaObject()->className();
        const int type = static_cast<int>(event->type());
        const QPointer<QObject> alive(receiver);
        QElapsedTimer t;
        t.start();
        const bool handled = QApplication::notify(receiver, event);
        const double ms = static_cast<double>(t.nsecsElapsed()) / 1e6;
        --depth_;
        busyMs_ += ms;
        if (ms >= 10) {
            const QString key =
                QStringLiteral("%1 %2 event %3")
                    .arg(QString::fromLatin1(className), alive ? describe(alive) : QStringLiteral("(deleted)"))
                    .arg(type);
            auto& [count, total, worst] = slow_[key];
            ++count;
            total += ms;
            worst = std::max(worst, ms);
        }
        return handled;
    }

    void record(bool on) { recording_ = on; }

    // A name, or for a chart's scene the widgets it is shown in.
    static QString describe(QObject* receiver) {
        if (auto* scene = qobject_cast<QGraphicsScene*>(receiver); scene && !scene->views().isEmpty()) {
            QString path;
            for (QWidget* w = scene->views().front(); w && path.count(QLatin1Char('<')) < 4; w = w->parentWidget())
                path += QStringLiteral("<%1").arg(QString::fromLatin1(w->metaObject()->className()));
            return path;
        }
        return receiver->objectName();
    }
    double busyMs() const { return busyMs_; }

    void printSlowest() const {
        std::vector<std::pair<QString, std::tuple<int, double, double>>> rows(slow_.begin(), slow_.end());
        std::sort(rows.begin(), rows.end(),
                  [](const auto& a, const auto& b) { return std::get<1>(a.second) > std::get<1>(b.second); });
        std::printf("UI handlers of 10 ms or more (count, total ms, worst ms):\n");
        for (std::size_t i = 0; i < std::min<std::size_t>(rows.size(), 12); ++i)
            std::printf("  %5d %8.0f %6.1f  %s\n", std::get<0>(rows[i].second), std::get<1>(rows[i].second),
                        std::get<2>(rows[i].second), qPrintable(rows[i].first));
    }

private:
    int depth_ = 0;
    bool recording_ = false;
    double busyMs_ = 0;
    std::map<QString, std::tuple<int, double, double>> slow_;
};

// Bytes the allocator has handed out and not had back: flat when nothing leaks, whatever RSS does.
long heapKiB() {
    const struct mallinfo2 info = mallinfo2();
    return static_cast<long>((info.uordblks + info.hblkhd) / 1024);
}

long rssKiB() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    return -1;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

using kse::bench::waitFor;

void chartFigures() {
    kse::ChartSeries series{QStringLiteral("BENCH"), QStringLiteral("1m"), {}};
    for (int i = 0; i < 5'000; ++i) {
        const std::int64_t p = 1'000'000 + (i % 97) * 100;
        series.candles.push_back({1'800'000'000'000 + i * 60'000LL, p, p + 500, p - 500, p + 100, 100, p, 3, true});
    }
    kse::CandleChart chart;
    QElapsedTimer t;
    t.start();
    chart.setSeries(series);
    const double load = static_cast<double>(t.nsecsElapsed()) / 1e6;
    QImage image(1200, 700, QImage::Format_ARGB32_Premultiplied);
    std::vector<double> zoom, pan;
    for (int i = 0; i < 20; ++i) {
        t.restart();
        chart.zoom(i % 2 ? 1.25 : 0.8, chart.visibleRange().second);
        {
            QPainter painter(&image);
            chart.render(painter, QRectF(0, 0, 1200, 700));
        }
        zoom.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        t.restart();
        chart.pan(i % 2 ? 600'000 : -600'000);
        {
            QPainter painter(&image);
            chart.render(painter, QRectF(0, 0, 1200, 700));
        }
        pan.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    // The live case: the forming candle changes ten times a second, drawn each time.
    std::vector<double> live;
    chart.showAll();
    chart.zoom(0.04, chart.visibleRange().second); // the newest 200, following
    for (int i = 0; i < 50; ++i) {
        kse::ChartCandle forming = series.candles.back();
        forming.close += (i % 7 - 3) * 100;
        forming.high = std::max(forming.high, forming.close);
        forming.low = std::min(forming.low, forming.close);
        forming.volume += i;
        t.restart();
        chart.upsert(forming);
        QCoreApplication::sendPostedEvents();
        QPainter painter(&image);
        chart.render(painter, QRectF(0, 0, 1200, 700));
        live.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    std::printf("chart with 5,000 candles: load %.0f ms; zoom + repaint p50 %.1f ms, max %.1f ms; pan + repaint p50 "
                "%.1f ms, max %.1f ms\n",
                load, percentile(zoom, 0.5), percentile(zoom, 1.0), percentile(pan, 0.5), percentile(pan, 1.0));
    std::printf("forming candle update + repaint (200 in view): p50 %.1f ms, max %.1f ms\n", percentile(live, 0.5),
                percentile(live, 1.0));
}

} // namespace

int main(int argc, char* argv[]) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    TimedApplication app(argc, argv);
    if (argc < 2) {
        std::fputs("usage: kse-bench-desktop BACKEND [SECONDS] [SYMBOLS] [RATE] [CHARTS]\n", stderr);
        return 2;
    }
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 60;
    const QString symbols = argc > 3 ? QString::fromLatin1(argv[3]) : QStringLiteral("100");
    const QString rate = argc > 4 ? QString::fromLatin1(argv[4]) : QStringLiteral("10000");
    const int charts = std::clamp(argc > 5 ? std::atoi(argv[5]) : 1, 1, 4);
    // Settings of this run alone: no layout of an earlier run is restored.
    const QTemporaryDir settings;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings.path());
    chartFigures();
    malloc_trim(0); // hand back what the figures above freed, so that RSS starts from the window alone

    QProcess backend;
    backend.setProcessChannelMode(QProcess::MergedChannels);
    backend.start(QString::fromLocal8Bit(argv[1]),
                  {QStringLiteral("all"), QStringLiteral("--port"), QStringLiteral("0"),
                   QStringLiteral("--no-market-maker"), QStringLiteral("--simulate"), symbols, QStringLiteral("--rate"),
                   rate, QStringLiteral("--data-dir"),
                   QStringLiteral("/tmp/kse-bench-desktop-%1").arg(QCoreApplication::applicationPid()),
                   QStringLiteral("--log-level"), QStringLiteral("warning")});
    QByteArray output;
    QString api;
    if (!waitFor(
            [&] {
                output += backend.readAll();
                const auto m = QRegularExpression(QStringLiteral("platform-api listening on ([0-9.]+:[0-9]+)"))
                                   .match(QString::fromUtf8(output));
                if (m.hasMatch())
                    api = QStringLiteral("http://") + m.captured(1);
                return !api.isEmpty();
            },
            60'000)) {
        std::fprintf(stderr, "the backend did not start: %s\n", output.constData());
        return 1;
    }
    kse::PlatformClient client{QUrl(api)};
    bool in = false;
    client.registerUser(QStringLiteral("bench-user"), QStringLiteral("password-1"),
                        [&](const kse::PlatformClient::Reply&) {
                            client.login(QStringLiteral("bench-user"), QStringLiteral("password-1"),
                                         [&](const kse::PlatformClient::Reply& r) { in = r.ok(); });
                        });
    if (!waitFor([&] { return in; }, 30'000))
        return 1;
    kse::Logger logger(kse::LogLevel::Warning);
    kse::MainWindow window({QStringLiteral("bench-user"), {}, {}}, client, logger);
    window.setWindowState(Qt::WindowNoState);
    window.resize(1600, 1000);
    window.show();
    std::uint64_t candles = 0;
    QObject::connect(&window.feed(), &kse::AggregateFeed::candles,
                     [&](const std::vector<kse::AggregateMessage>& b) { candles += b.size(); });
    waitFor([&] { return window.marketWatch().rowCount() >= 100; }, 60'000);
    for (int i = 0; i < charts; ++i)
        window.openChart(window.marketWatch().symbolAt(i), QStringLiteral("1s"));
    window.setChartGrid(charts > 1);

    std::vector<double> lateness;
    QElapsedTimer clock;
    clock.start();
    qint64 expected = clock.elapsed() + 10;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(10);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        lateness.push_back(static_cast<double>(std::max<qint64>(0, now - expected)));
        expected = now + 10;
    });
    const long rssStart = rssKiB();
    const long heapStart = heapKiB();
    tick.start();
    app.record(true);
    std::vector<long> rss, heap;
    QTimer sample;
    QObject::connect(&sample, &QTimer::timeout, [&] {
        rss.push_back(rssKiB());
        heap.push_back(heapKiB());
    });
    sample.start(10'000);
    QTimer::singleShot(seconds * 1000, &app, &QCoreApplication::quit);
    app.exec();
    app.record(false);
    const long rssEnd = rssKiB();
    const long heapEnd = heapKiB();
    std::printf("%d symbols at %s ticks/s for %d s, %d one-second chart(s) open: %d rows, %llu live candles "
                "delivered\n",
                window.marketWatch().rowCount(), qPrintable(rate), seconds, window.charts()->count(),
                window.marketWatch().rowCount(), static_cast<unsigned long long>(candles));
    std::printf("UI event-loop latency (10 ms timer lateness): p50 %.1f ms, p99 %.1f ms, max %.1f ms over %zu ticks\n",
                percentile(lateness, 0.5), percentile(lateness, 0.99), percentile(lateness, 1.0), lateness.size());
    std::printf("RSS: %ld KiB at the start, %ld KiB at the end; every 10 s:", rssStart, rssEnd);
    for (long r : rss)
        std::printf(" %ld", r);
    std::printf("\n");
    std::printf("heap in use: %ld KiB at the start, %ld KiB at the end; every 10 s:", heapStart, heapEnd);
    for (long h : heap)
        std::printf(" %ld", h);
    std::printf("\n");
    std::printf("UI thread busy in event handlers: %.1f %% of the time\n", app.busyMs() / (seconds * 10.0));
    app.printSlowest();
    backend.terminate();
    backend.waitForFinished(30'000);
    return 0;
}
