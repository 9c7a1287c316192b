#pragma once

#include <cstdint>
#include <vector>

namespace kse {

// OrderId → slot, open addressing with linear probing and backward-shift deletion: no node
// allocation per order, no tombstones. The matching hot path looks an id up on every message.
class IdIndex {
public:
    static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

    explicit IdIndex(std::size_t capacity = 1 << 16);

    std::uint32_t find(std::uint64_t id) const;
    bool contains(std::uint64_t id) const { return find(id) != kNone; }
    void insert(std::uint64_t id, std::uint32_t value); // id must not be present
    bool erase(std::uint64_t id);
    std::size_t size() const { return m_size; }

private:
    struct Slot {
        std::uint64_t key = 0; // id + 1; 0 = empty
        std::uint32_t value = 0;
    };
    std::size_t home(std::uint64_t key) const { return (key * 0x9E3779B97F4A7C15ull) >> m_shift; }
    void grow();

    std::vector<Slot> m_slots;
    std::size_t m_mask;
    int m_shift;
    std::size_t m_size = 0;
};

} // namespace kse
