#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "log/logger.h"

namespace kse {

// A service's consumer loop on a thread of its own. The loop runs until stopping(); an
// exception ends it, is logged, and becomes failure() — which the health check reports —
// rather than ending the process with state half-stored.
class WorkerThread {
public:
    // `what`: how a failure begins, e.g. "settlement stopped".
    WorkerThread(Logger& logger, std::string component, std::string what);
    ~WorkerThread();
    WorkerThread(const WorkerThread&) = delete;
    WorkerThread& operator=(const WorkerThread&) = delete;

    void start(std::function<void()> loop);
    // Asks the loop to end and waits for it; later calls do nothing.
    void stop();
    bool stopping() const { return m_stop.load(std::memory_order_relaxed); }
    std::optional<std::string> failure() const;

private:
    Logger& m_logger;
    std::string m_component;
    std::string m_what;
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_failureMutex;
    std::optional<std::string> m_failure;
    std::thread m_thread;
};

} // namespace kse
