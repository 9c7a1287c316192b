#pragma once

#include <chrono>
#include <thread>

namespace kse::test {

// Waits for a condition another thread (a consumer's) brings about; false after the time is up.
template <class Condition> bool eventually(Condition condition, int timeoutMs = 10'000) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

} // namespace kse::test
