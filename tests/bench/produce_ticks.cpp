// `kse-bench-produce BROKERS COUNT SYMBOLS`: fills stock-ingress with COUNT contract ticks over
// SYMBOLS symbols (ts = now), as fast as the idempotent producer takes them.
#include <chrono>
#include <cstdio>
#include <string>

#include "contract/tick_codec.h"
#include "kafka/producer.h"

int main(int argc, char* argv[]) {
    if (argc != 4) {
        std::fputs("usage: kse-bench-produce BROKERS COUNT SYMBOLS\n", stderr);
        return 2;
    }
    const long count = std::stol(argv[2]);
    const int symbols = std::stoi(argv[3]);
    kse::Logger logger(kse::LogLevel::Warning);
    kse::Producer::Options options;
    options.brokers = argv[1];
    options.lingerMs = 20;
    kse::Producer producer(options, logger);
    const auto start = std::chrono::steady_clock::now();
    const auto now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    for (long i = 0; i < count; ++i) {
        const kse::Tick tick{i + 1, "B" + std::to_string(i % symbols),
                             kse::Price::fromTicks(1'000'000 + (i % 997) * 100), 1 + i % 100, now + i / 1000};
        while (producer.produce("stock-ingress", tick.symbol, kse::encodeTick(tick)) != kse::ProduceStatus::Queued)
            producer.flush(10);
    }
    if (producer.flush(120'000) != 0 || producer.failed() != 0) {
        std::fprintf(stderr, "kse-bench-produce: %llu not delivered\n",
                     static_cast<unsigned long long>(producer.failed()));
        return 1;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("produced %ld ticks in %.2f s\n", count, seconds);
    return 0;
}
