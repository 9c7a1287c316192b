#include "kafka/delivery_wait.h"

namespace kse {

void DeliveryWait::expect() {
    const std::lock_guard lock(m_mutex);
    ++m_pending;
}

void DeliveryWait::withdraw() {
    const std::lock_guard lock(m_mutex);
    --m_pending;
    if (m_pending == 0)
        m_settled.notify_all();
}

void DeliveryWait::settle(Report report) {
    const std::lock_guard lock(m_mutex);
    --m_pending;
    switch (report) {
    case Report::Persisted: ++m_delivered; break;
    case Report::NotPersisted: m_failed = true; break;
    case Report::PossiblyPersisted: m_uncertain = true; break;
    }
    if (m_pending == 0)
        m_settled.notify_all();
}

DeliveryWait::Outcome DeliveryWait::wait(std::chrono::milliseconds limit) {
    std::unique_lock lock(m_mutex);
    if (!m_settled.wait_for(lock, limit, [this] { return m_pending == 0; }) || m_uncertain)
        return Outcome::Unconfirmed;
    return m_failed ? Outcome::Failed : Outcome::Delivered;
}

int DeliveryWait::delivered() const {
    const std::lock_guard lock(m_mutex);
    return m_delivered;
}

} // namespace kse
