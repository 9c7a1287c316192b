#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <set>
#include <string_view>

namespace kse {

// Which partitions of a topic keyed like the Java client (murmur2) this member owns now. A
// consumer's thread changes it on assignment and revocation; the threads that answer queries
// read it, so that an answer about a key comes only from the member that owns its partition.
class PartitionOwnership {
public:
    struct Owner {
        bool owned = false;          // the key's partition belongs to this member now
        std::int32_t partition = -1; // -1 before the partition count is known
    };

    // Until the count is known no key is owned.
    void setPartitionCount(std::int32_t count);
    void own(std::int32_t partition);
    void release(std::int32_t partition);
    void releaseAll();
    Owner owner(std::string_view key) const;
    std::size_t size() const; // partitions owned now

private:
    mutable std::mutex m_mutex;
    std::int32_t m_count = 0;
    std::set<std::int32_t> m_owned;
};

} // namespace kse
