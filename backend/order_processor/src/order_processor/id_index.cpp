#include "order_processor/id_index.h"

#include <bit>

namespace kse {

IdIndex::IdIndex(std::size_t capacity) {
    const std::size_t size = std::bit_ceil(capacity < 16 ? std::size_t{16} : capacity);
    m_slots.assign(size, Slot{});
    m_mask = size - 1;
    m_shift = 64 - std::countr_zero(size);
}

std::uint32_t IdIndex::find(std::uint64_t id) const {
    const std::uint64_t key = id + 1;
    for (std::size_t i = home(key);; i = (i + 1) & m_mask) {
        const Slot& slot = m_slots[i];
        if (slot.key == key)
            return slot.value;
        if (slot.key == 0)
            return kNone;
    }
}

void IdIndex::insert(std::uint64_t id, std::uint32_t value) {
    if ((m_size + 1) * 2 > m_slots.size()) // at most half full keeps probes short
        grow();
    const std::uint64_t key = id + 1;
    std::size_t i = home(key);
    while (m_slots[i].key != 0)
        i = (i + 1) & m_mask;
    m_slots[i] = {key, value};
    ++m_size;
}

bool IdIndex::erase(std::uint64_t id) {
    const std::uint64_t key = id + 1;
    std::size_t i = home(key);
    while (m_slots[i].key != key) {
        if (m_slots[i].key == 0)
            return false;
        i = (i + 1) & m_mask;
    }
    // Shift later members of the probe run back so that lookups never stop at a hole too early.
    for (std::size_t j = (i + 1) & m_mask;; j = (j + 1) & m_mask) {
        if (m_slots[j].key == 0)
            break;
        const std::size_t k = home(m_slots[j].key);
        const bool between = i <= j ? (i < k && k <= j) : (i < k || k <= j);
        if (between)
            continue;
        m_slots[i] = m_slots[j];
        i = j;
    }
    m_slots[i] = Slot{};
    --m_size;
    return true;
}

void IdIndex::grow() {
    std::vector<Slot> old = std::move(m_slots);
    m_slots.assign(old.size() * 2, Slot{});
    m_mask = m_slots.size() - 1;
    m_shift = 64 - std::countr_zero(m_slots.size());
    for (const Slot& slot : old) {
        if (slot.key == 0)
            continue;
        std::size_t i = home(slot.key);
        while (m_slots[i].key != 0)
            i = (i + 1) & m_mask;
        m_slots[i] = slot;
    }
}

} // namespace kse
