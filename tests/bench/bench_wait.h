// A benchmark's wait: turns the event loop until `condition` holds or `timeoutMs` passes,
// handling events in slices of `sliceMs` (shorter slices time an event more finely).
#pragma once

#include <QCoreApplication>
#include <QElapsedTimer>
#include <functional>

namespace kse::bench {

inline bool waitFor(const std::function<bool()>& condition, int timeoutMs, int sliceMs = 20) {
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, sliceMs);
    }
    return true;
}

} // namespace kse::bench
