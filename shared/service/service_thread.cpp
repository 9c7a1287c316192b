#include "service/service_thread.h"

#include <exception>
#include <stdexcept>

namespace kse {

ServiceThread::ServiceThread(const QString& name) : m_context(new QObject) {
    m_thread.setObjectName(name);
    m_context->moveToThread(&m_thread);
    m_thread.start();
}

ServiceThread::~ServiceThread() { stop(); }

void ServiceThread::invoke(const std::function<void()>& task) {
    if (QThread::currentThread() == &m_thread)
        throw std::logic_error("ServiceThread::invoke from its own thread");
    if (!m_thread.isRunning())
        throw std::logic_error("ServiceThread::invoke after stop");
    std::exception_ptr failure;
    QMetaObject::invokeMethod(
        m_context,
        [&] {
            try {
                task();
            } catch (...) {
                failure = std::current_exception();
            }
        },
        Qt::BlockingQueuedConnection);
    if (failure)
        std::rethrow_exception(failure);
}

void ServiceThread::stop() {
    if (!m_thread.isRunning())
        return;
    // A deferred delete still pending when the thread ends is carried out as it ends.
    m_context->deleteLater();
    m_thread.quit();
    m_thread.wait();
}

} // namespace kse
