#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kse::test {

struct Record {
    std::string key;
    std::string value;
    std::int32_t partition = 0;
    std::int64_t offset = 0;
};

// Every message of a topic from the beginning up to the end offsets it has now; with
// read_committed, as a downstream consumer sees it (aborted messages left out).
std::vector<Record> readTopic(const std::string& brokers, const std::string& topic, int timeoutMs = 60'000);
// Sum of the partitions' end offsets: how many messages were ever appended.
std::int64_t endOffsetSum(const std::string& brokers, const std::string& topic);

} // namespace kse::test
