#include "service/worker_thread.h"

namespace kse {

WorkerThread::WorkerThread(Logger& logger, std::string component, std::string what)
    : m_logger(logger), m_component(std::move(component)), m_what(std::move(what)) {}

WorkerThread::~WorkerThread() { stop(); }

void WorkerThread::start(std::function<void()> loop) {
    m_thread = std::thread([this, loop = std::move(loop)] {
        try {
            loop();
        } catch (const std::exception& error) {
            m_logger.error(m_component, m_what, {{"error", error.what()}});
            const std::lock_guard lock(m_failureMutex);
            m_failure = m_what + ": " + error.what();
        }
    });
}

void WorkerThread::stop() {
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

std::optional<std::string> WorkerThread::failure() const {
    const std::lock_guard lock(m_failureMutex);
    return m_failure;
}

} // namespace kse
