#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <QByteArray>

#include "log/logger.h"
#include "platform_api/stream_hub.h"
#include "platform_api/stream_protocol.h"

namespace kse {

// Feeds the stream's public book and top channels: on a thread of its own, every intervalMs it
// asks the order processor (through the same source as GET /api/v1/book) for the book of each
// symbol someone watches, and publishes a book message when the levels changed and a top message
// when the best bid or ask did. One question per watched symbol per interval, however many
// clients watch it; none for a symbol nobody watches.
class BookWatcher {
public:
    using BookSource = std::function<std::optional<QByteArray>(const std::string& symbol, int depth)>;
    struct Options {
        std::int64_t intervalMs = 50;
        int depth = 20; // levels a side in book messages
    };

    BookWatcher(Options options, StreamHub& hub, BookSource books, Logger& logger);
    ~BookWatcher() { stop(); }

    void start();
    void stop();
    // One round (the thread's body; public for tests).
    void poll();

private:
    struct Seen { // the levels last published
        std::vector<stream::Level> bids, asks;
    };

    Options m_options;
    StreamHub& m_hub;
    BookSource m_books;
    Logger& m_logger;
    std::map<std::string, Seen> m_seen; // by symbol, while watched
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace kse
