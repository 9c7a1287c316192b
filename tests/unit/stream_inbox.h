#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "platform_api/stream_hub.h"

namespace kse::test {

// A stream connection for tests: keeps what the hub delivers to it.
class Inbox : public StreamHub::Outlet {
public:
    void deliver(const std::shared_ptr<const std::string>& message) override {
        const std::lock_guard lock(m_mutex);
        m_messages.push_back(*message);
    }
    void end(const std::string&) override {}
    std::vector<std::string> messages() {
        const std::lock_guard lock(m_mutex);
        return m_messages;
    }

private:
    std::mutex m_mutex;
    std::vector<std::string> m_messages;
};

} // namespace kse::test
