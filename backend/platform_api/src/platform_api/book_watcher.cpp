#include "platform_api/book_watcher.h"

namespace kse {
namespace {

std::optional<stream::Level> best(const std::vector<stream::Level>& side) {
    return side.empty() ? std::nullopt : std::optional(side.front());
}

} // namespace

BookWatcher::BookWatcher(Options options, StreamHub& hub, BookSource books, Logger& logger, Clock clock)
    : m_options(options), m_hub(hub), m_books(std::move(books)), m_logger(logger), m_clock(std::move(clock)) {}

void BookWatcher::start() {
    m_thread = std::thread([this] {
        std::unique_lock lock(m_mutex);
        while (!m_stopping) {
            lock.unlock();
            poll();
            lock.lock();
            m_wake.wait_for(lock, std::chrono::milliseconds(m_options.intervalMs), [this] { return m_stopping; });
        }
    });
}

void BookWatcher::stop() {
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void BookWatcher::touched(const std::string& symbol) {
    const std::lock_guard lock(m_mutex);
    m_touched.insert(symbol);
}

void BookWatcher::poll() {
    std::set<std::string> symbols;
    for (auto& s : m_hub.watched(stream::channelName(stream::Channel::Book)))
        symbols.insert(std::move(s));
    for (auto& s : m_hub.watched(stream::channelName(stream::Channel::Top)))
        symbols.insert(std::move(s));
    std::erase_if(m_seen, [&](const auto& entry) { return symbols.count(entry.first) == 0; });
    std::set<std::string> touched;
    {
        const std::lock_guard lock(m_mutex);
        touched.swap(m_touched);
    }
    const std::int64_t now = m_clock();
    for (const std::string& symbol : symbols) {
        const auto [it, fresh] = m_seen.try_emplace(symbol);
        if (fresh || touched.count(symbol) > 0 || now - it->second.askedAt >= m_options.refreshMs) {
            it->second.askedAt = now;
            refresh(symbol, it->second);
        }
    }
}

void BookWatcher::refresh(const std::string& symbol, Seen& seen) {
    const auto body = m_books(symbol, m_options.depth);
    if (!body) {
        seen.askedAt = 0; // no order processor answers for it now: the next round asks again
        return;
    }
    auto book = stream::parseBook(std::string_view(body->constData(), static_cast<std::size_t>(body->size())),
                                  static_cast<std::size_t>(m_options.depth));
    if (!book || book.value().symbol != symbol) {
        m_logger.warning("platform-stream", "order processor's book refused",
                         {{"symbol", symbol}, {"error", book ? "another symbol's book" : book.error()}});
        return;
    }
    const stream::Book& b = book.value();
    const std::string bookKey = stream::symbolKey(stream::Channel::Book, symbol);
    const std::string topKey = stream::symbolKey(stream::Channel::Top, symbol);
    // Published on a change, and to a key nothing is kept for yet (watched just now).
    if (b.bids != seen.bids || b.asks != seen.asks || !m_hub.kept(bookKey))
        m_hub.publish(bookKey, stream::book(b), true);
    if (best(b.bids) != best(seen.bids) || best(b.asks) != best(seen.asks) || !m_hub.kept(topKey))
        m_hub.publish(topKey, stream::top(b), true);
    seen.bids = b.bids;
    seen.asks = b.asks;
}

} // namespace kse
