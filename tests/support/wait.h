#pragma once

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QThread>
#include <functional>

namespace kse::test {

// Polls a condition until it holds or the time is up; keeps the event loop turning meanwhile.
inline bool waitUntil(const std::function<bool()>& condition, int timeoutMs = 30'000) {
    const QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents();
        QThread::msleep(20);
    }
    return true;
}

} // namespace kse::test
