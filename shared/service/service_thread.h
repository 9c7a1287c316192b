#pragma once

#include <QObject>
#include <QString>
#include <QThread>
#include <functional>
#include <memory>

namespace kse {

// One service's own thread with an event loop. The service is made, started and destroyed there
// through invoke(), so its HTTP endpoint, timers and network clients live and answer on it: in a
// process with several services (`kse-backend all`) a flood on one cannot slow the others, which
// one shared event loop would make it do.
class ServiceThread {
public:
    // `name` names the thread (as the system shows it, cut to 15 characters).
    explicit ServiceThread(const QString& name);
    ~ServiceThread();
    ServiceThread(const ServiceThread&) = delete;
    ServiceThread& operator=(const ServiceThread&) = delete;

    // Runs `task` on the thread and waits for it; what it throws is thrown here. Not from the
    // thread itself.
    void invoke(const std::function<void()>& task);
    // Ends the thread's event loop and waits for it; later calls do nothing.
    void stop();

private:
    QThread m_thread;
    QObject* m_context; // lives on the thread; deleted there when it ends
};

} // namespace kse
