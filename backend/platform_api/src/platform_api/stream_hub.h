#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace kse {

// Who is subscribed to what on the platform's stream, and the way messages reach them. Keys are
// stream::hubKey's ("orders/42", "book/AAPL"). Safe on any thread: settlement, the market feed
// and the book watcher publish from their own threads, each connection subscribes from the HTTP
// thread that serves it.
class StreamHub {
public:
    // One connection's way in. deliver() may be called on any thread, and must not block.
    class Outlet {
    public:
        virtual ~Outlet() = default;
        virtual void deliver(const std::shared_ptr<const std::string>& message) = 0;
        // Ends the connection, saying why (its session ended). Any thread; must not block.
        virtual void end(const std::string& reason) = 0;
    };

    // Adds `outlet` to the subscribers of `key`. Returns the message kept for `key` (see
    // publish), for the new subscriber to start from, or null.
    std::shared_ptr<const std::string> subscribe(const std::string& key, const std::shared_ptr<Outlet>& outlet);
    void unsubscribe(const std::string& key, const Outlet* outlet);
    // Sends `message` to every subscriber of `key`. With `keep`, the message is also kept while
    // `key` has subscribers, for whoever subscribes next (a book's latest state, say).
    void publish(const std::string& key, std::string message, bool keep = false);
    bool watched(const std::string& key) const;
    // The message kept for `key`, or null.
    std::shared_ptr<const std::string> kept(const std::string& key) const;
    // The part after "prefix/" of every key under `prefix` that has subscribers: the symbols
    // watched on one public channel.
    std::vector<std::string> watched(std::string_view prefix) const;

    std::uint64_t published() const;
    std::size_t subscriptions() const;

private:
    struct Entry {
        std::vector<std::shared_ptr<Outlet>> outlets;
        std::shared_ptr<const std::string> kept;
    };
    mutable std::mutex m_mutex;
    std::map<std::string, Entry, std::less<>> m_entries;
    std::size_t m_subscriptions = 0;
    std::uint64_t m_published = 0;
};

} // namespace kse
