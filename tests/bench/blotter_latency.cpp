// `kse-bench-blotter API [ORDERS] [SYMBOL]`: order POST → fill shown in the desktop's blotter.
// Signs a new user in to the platform at API (a running `kse-backend all` with its market maker),
// opens the terminal's main window on the offscreen platform, and places ORDERS (default 300)
// market orders of 1 share of SYMBOL (default AAPL) one after another, buy and sell in turn.
// Each is timed from the POST (PlatformClient::placeOrder, as the ticket sends it) to the moment
// the blotter's model shows it filled. First with the stream live (pushed), then a tenth as many
// with the stream stopped (the one-second polling it falls back to), as the baseline of the same
// run. Never fails on speed.
#include <QApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>
#include <vector>

#include "api/platform_client.h"
#include "bench_wait.h"
#include "log/logger.h"
#include "trading/blotter.h"
#include "ui/main_window.h"

namespace {

// Short slices: an order's fill is timed to within about 5 ms.
bool waitFor(const std::function<bool()>& condition, int timeoutMs) {
    return kse::bench::waitFor(condition, timeoutMs, 5);
}

double percentile(std::vector<double> values, double p) {
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto at = static_cast<std::size_t>(p / 100.0 * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(at, values.size() - 1)];
}

// POST → filled in the blotter, for `count` orders placed one after another; ms each.
std::vector<double> measure(kse::PlatformClient& client, kse::MainWindow& window, const QString& symbol, int count,
                            bool& buy) {
    std::vector<double> out;
    kse::OrdersModel& model = window.blotter().model();
    for (int i = 0; i < count; ++i) {
        QElapsedTimer clock;
        QString id;
        bool refused = false;
        double shown = -1;
        const auto check = [&] {
            if (shown >= 0 || id.isEmpty())
                return;
            const kse::OrderRow* order = model.order(id);
            if (order && order->status == kse::OrderStatus::Filled)
                shown = static_cast<double>(clock.nsecsElapsed()) / 1e6;
        };
        const auto changed = QObject::connect(&model, &QAbstractItemModel::dataChanged, &model, check);
        const auto inserted = QObject::connect(&model, &QAbstractItemModel::rowsInserted, &model, check);
        clock.start();
        client.placeOrder(kse::OrderPlacement{symbol, buy ? kse::Side::Buy : kse::Side::Sell, kse::OrderType::Market, 1,
                                              std::nullopt, kse::TimeInForce::Ioc},
                          [&](const kse::Result<QString>& placed) {
                              if (placed)
                                  id = placed.value();
                              else
                                  refused = true;
                              check(); // the push may have come before the answer
                          });
        const bool done = waitFor([&] { return shown >= 0 || refused; }, 10'000);
        QObject::disconnect(changed);
        QObject::disconnect(inserted);
        if (!done || refused) {
            std::fprintf(stderr, "order %d: %s\n", i, refused ? "refused" : "not shown filled within 10 s");
            continue;
        }
        out.push_back(shown);
        buy = !buy;
    }
    return out;
}

void report(const char* what, const std::vector<double>& ms) {
    std::printf("%-28s %4zu orders: p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  max %6.1f ms\n", what, ms.size(),
                percentile(ms, 50), percentile(ms, 90), percentile(ms, 99), percentile(ms, 100));
}

} // namespace

int main(int argc, char* argv[]) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fputs("usage: kse-bench-blotter API [ORDERS] [SYMBOL]\n", stderr);
        return 2;
    }
    const QUrl api(QString::fromLocal8Bit(argv[1]));
    const int orders = argc > 2 ? std::max(10, std::atoi(argv[2])) : 300;
    const QString symbol = argc > 3 ? QString::fromLocal8Bit(argv[3]) : QStringLiteral("AAPL");

    kse::PlatformClient client(api);
    const QString name = QStringLiteral("blotter-%1").arg(QCoreApplication::applicationPid());
    bool in = false;
    client.registerUser(name, QStringLiteral("password-1"), [&](const kse::PlatformClient::Reply&) {
        client.login(name, QStringLiteral("password-1"), [&](const kse::PlatformClient::Reply& r) { in = r.ok(); });
    });
    if (!waitFor([&] { return in; }, 30'000)) {
        std::fputs("could not sign in\n", stderr);
        return 1;
    }
    kse::Logger logger(kse::LogLevel::Error);
    kse::MainWindow window({name, {}, {}}, client, logger);
    window.show();
    if (!waitFor([&] { return window.stream().live(); }, 30'000)) {
        std::fputs("the stream did not come up\n", stderr);
        return 1;
    }
    // The market maker quotes the symbol before anything is timed.
    // Asked once every answer, until both sides have a level.
    const auto quoted = [&] {
        std::optional<bool> both;
        client.book(symbol, 1, [&](const kse::Result<kse::BookDepth>& book) {
            both = book && !book.value().asks.empty() && !book.value().bids.empty();
        });
        waitFor([&] { return both.has_value(); }, 5'000);
        return both.value_or(false);
    };
    if (!waitFor(quoted, 60'000)) {
        std::fprintf(stderr, "nobody quotes %s\n", qPrintable(symbol));
        return 1;
    }
    bool buy = true;
    measure(client, window, symbol, 10, buy); // warm-up: connections, caches
    const auto pushed = measure(client, window, symbol, orders, buy);
    window.stream().stop();
    waitFor([&] { return window.polling(); }, 5'000);
    const auto polled = measure(client, window, symbol, std::max(10, orders / 10), buy);
    report("stream live (pushed)", pushed);
    report("stream down (1 s polling)", polled);
    return 0;
}
