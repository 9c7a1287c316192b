// `kse-bench-candle-latency INGESTOR_URL BROKERS [TICKS_PER_S] [SECONDS]`: the time from a tick's
// POST to the ingestor until its candle update appears on stock-aggregates, under a background
// load of TICKS_PER_S (default 10,000) over 50 other symbols. Probe ticks go to their own symbol
// every 300 ms (beyond the 4-a-second limit, so each is published at once); each probe's price
// is unique, so the 1s candle whose close equals it is that probe's update.
#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "codec/json_cursor.h"
#include "kafka/consumer.h"

namespace {

using Clock = std::chrono::steady_clock;

// The "close" and "interval" of a stock-aggregates message, read without a JSON tree.
bool closeOfSecondCandle(std::string_view json, std::string& close) {
    kse::JsonCursor cursor(json);
    std::string_view key, text;
    std::string scratch, valueScratch;
    bool second = false;
    if (!cursor.expect('{', "{"))
        return false;
    do {
        if (!cursor.readString(key, scratch) || !cursor.expect(':', ":"))
            return false;
        cursor.skipSpace();
        if (key == "interval") {
            if (!cursor.readString(text, valueScratch))
                return false;
            second = text == "1s";
        } else if (key == "close") {
            if (!cursor.readNumber(text))
                return false;
            close = std::string(text);
        } else if (!cursor.skipValue()) {
            return false;
        }
    } while (cursor.consume(','));
    return second;
}

} // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        std::fputs("usage: kse-bench-candle-latency INGESTOR_URL BROKERS [TICKS_PER_S] [SECONDS]\n", stderr);
        return 2;
    }
    const QString ingestor = QString::fromLocal8Bit(argv[1]);
    const std::string brokers = argv[2];
    const int rate = argc > 3 ? std::atoi(argv[3]) : 10'000;
    const int seconds = argc > 4 ? std::atoi(argv[4]) : 20;

    std::mutex mutex;
    std::map<std::string, Clock::time_point> sent; // probe price → when its POST left
    std::vector<double> latencies;

    kse::Logger logger(kse::LogLevel::Warning);
    kse::Consumer::Options options;
    options.brokers = brokers;
    options.groupId = "kse-bench-latency";
    options.extra = {{"fetch.wait.max.ms", "1"}};
    kse::Consumer consumer(options, logger);
    std::vector<kse::TopicPartitionOffset> ends;
    for (int p = 0, n = consumer.partitionCount("stock-aggregates"); p < n; ++p)
        ends.push_back({"stock-aggregates", p, consumer.watermarks("stock-aggregates", p).second});
    consumer.assign(ends);
    std::atomic<bool> stop{false};
    std::thread reader([&] {
        std::string close;
        while (!stop) {
            auto message = consumer.poll(10);
            if (!message || !message->key() || *message->key() != "LATPROBE")
                continue;
            const auto arrived = Clock::now();
            if (!closeOfSecondCandle({static_cast<const char*>(message->payload()), message->len()}, close))
                continue;
            std::lock_guard lock(mutex);
            if (auto it = sent.find(close); it != sent.end()) {
                latencies.push_back(std::chrono::duration<double, std::milli>(arrived - it->second).count());
                sent.erase(it);
            }
        }
    });

    QNetworkAccessManager network;
    const auto post = [&](const QString& path, const QByteArray& body) {
        QNetworkRequest request{QUrl(ingestor + path)};
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply* reply = network.post(request, body);
        QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    };
    // Background load: batches every 10 ms.
    QTimer load;
    long loadId = 0;
    QObject::connect(&load, &QTimer::timeout, &app, [&] {
        QByteArray batch = "[";
        for (int i = 0; i < rate / 100; ++i, ++loadId)
            batch += (i ? "," : "") + QStringLiteral(R"({"id":%1,"name":"L%2","price":%3.5,"volume":10})")
                                          .arg(loadId + 1)
                                          .arg(loadId % 50)
                                          .arg(100 + loadId % 7)
                                          .toUtf8();
        post(QStringLiteral("/api/v1/stocks"), batch + "]");
    });
    QTimer probe;
    int seq = 0;
    QObject::connect(&probe, &QTimer::timeout, &app, [&] {
        ++seq;
        const std::string price =
            std::to_string(1000 + seq / 100) + "." + (seq % 100 < 10 ? "0" : "") + std::to_string(seq % 100);
        {
            std::lock_guard lock(mutex);
            sent[price] = Clock::now();
        }
        post(QStringLiteral("/api/v1/stock"), QStringLiteral(R"({"id":%1,"name":"LATPROBE","price":%2,"volume":1})")
                                                  .arg(seq)
                                                  .arg(QString::fromStdString(price))
                                                  .toUtf8());
    });
    load.start(10);
    probe.start(300);
    QTimer::singleShot(seconds * 1000, &app, [&] {
        load.stop();
        probe.stop();
        QTimer::singleShot(1000, &app, &QCoreApplication::quit); // the last probes' updates
    });
    app.exec();
    stop = true;
    reader.join();

    std::sort(latencies.begin(), latencies.end());
    if (latencies.empty()) {
        std::fputs("no probe came back\n", stderr);
        return 1;
    }
    const auto at = [&](double q) {
        return latencies[std::min(latencies.size() - 1,
                                  static_cast<std::size_t>(q * static_cast<double>(latencies.size())))];
    };
    std::printf("POST → candle on stock-aggregates at %d ticks/s background: %zu probes, %zu lost; "
                "p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
                rate, latencies.size(), sent.size(), at(0.5), at(0.99), latencies.back());
    return 0;
}
