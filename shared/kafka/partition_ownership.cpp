#include "kafka/partition_ownership.h"

#include "kafka/key_partition.h"

namespace kse {

void PartitionOwnership::setPartitionCount(std::int32_t count) {
    const std::lock_guard lock(m_mutex);
    m_count = count;
}

void PartitionOwnership::own(std::int32_t partition) {
    const std::lock_guard lock(m_mutex);
    m_owned.insert(partition);
}

void PartitionOwnership::release(std::int32_t partition) {
    const std::lock_guard lock(m_mutex);
    m_owned.erase(partition);
}

void PartitionOwnership::releaseAll() {
    const std::lock_guard lock(m_mutex);
    m_owned.clear();
}

PartitionOwnership::Owner PartitionOwnership::owner(std::string_view key) const {
    const std::lock_guard lock(m_mutex);
    if (m_count <= 0)
        return {};
    const std::int32_t partition = keyPartition(key, m_count);
    return {m_owned.contains(partition), partition};
}

std::size_t PartitionOwnership::size() const {
    const std::lock_guard lock(m_mutex);
    return m_owned.size();
}

} // namespace kse
