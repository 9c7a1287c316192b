// `kse-topic-count BROKERS TOPIC`: prints how many messages were ever appended to TOPIC.
#include <cstdio>
#include <exception>

#include "kafka/consumer.h"

int main(int argc, char* argv[]) {
    if (argc != 3) {
        std::fputs("usage: kse-topic-count BROKERS TOPIC\n", stderr);
        return 2;
    }
    try {
        kse::Logger logger(kse::LogLevel::Warning);
        kse::Consumer::Options options;
        options.brokers = argv[1];
        options.groupId = "kse-topic-count";
        kse::Consumer consumer(options, logger);
        long long sum = 0;
        for (int p = 0, n = consumer.partitionCount(argv[2]); p < n; ++p)
            sum += consumer.watermarks(argv[2], p).second;
        std::printf("%lld\n", sum);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "kse-topic-count: %s\n", error.what());
        return 1;
    }
    return 0;
}
