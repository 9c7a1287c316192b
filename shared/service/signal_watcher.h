#pragma once

#include <QObject>
#include <QSocketNotifier>
#include <memory>

namespace kse {

// Turns SIGINT and SIGTERM into a Qt signal on the event loop, where shutdown can run safely.
class SignalWatcher : public QObject {
    Q_OBJECT
public:
    explicit SignalWatcher(QObject* parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    void readSignal();
    int m_fds[2] = {-1, -1};
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace kse
