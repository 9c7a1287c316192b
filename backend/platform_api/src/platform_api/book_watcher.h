#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include <QByteArray>

#include "log/logger.h"
#include "platform_api/stream_hub.h"
#include "platform_api/stream_protocol.h"

namespace kse {

// Feeds the stream's public book and top channels: on a thread of its own, every intervalMs it
// asks the order processor (through the same source as GET /api/v1/book) for the book of each
// watched symbol that may have changed, and publishes a book message when the levels changed and
// a top message when the best bid or ask did. A symbol is asked for when it is first watched,
// when settlement has touched one of its orders since it was last asked for (every order that
// rests, trades or is cancelled is settled here), and otherwise every refreshMs, for whatever
// changed a book without passing through this platform. So a symbol nobody trades (one made up
// by a client, say) costs one question a refreshMs, not one an interval; one question per symbol
// however many clients watch it; none for a symbol nobody watches.
class BookWatcher {
public:
    using BookSource = std::function<std::optional<QByteArray>(const std::string& symbol, int depth)>;
    struct Options {
        std::int64_t intervalMs = 50;
        std::int64_t refreshMs = 1'000; // a watched symbol nothing touched is asked for this often
        int depth = 20;                 // levels a side in book messages
    };
    using Clock = std::function<std::int64_t()>; // milliseconds

    BookWatcher(Options options, StreamHub& hub, BookSource books, Logger& logger, Clock clock);
    ~BookWatcher() { stop(); }

    void start();
    void stop();
    // Settlement changed an order of `symbol`: its book is asked for in the next round. Any thread.
    void touched(const std::string& symbol);
    // One round (the thread's body; public for tests).
    void poll();

private:
    struct Seen { // the levels last published, and when they were asked for
        std::vector<stream::Level> bids, asks;
        std::int64_t askedAt = 0;
    };

    void refresh(const std::string& symbol, Seen& seen);

    Options m_options;
    StreamHub& m_hub;
    BookSource m_books;
    Logger& m_logger;
    Clock m_clock;
    std::map<std::string, Seen> m_seen; // by symbol, while watched
    std::mutex m_mutex;
    std::set<std::string> m_touched; // under m_mutex
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace kse
