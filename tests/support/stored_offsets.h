#pragma once

#include <QDir>
#include <QString>
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>

#include "store/sqlite_database.h"
#include "support/test_brokers.h"
#include "support/topic_reader.h"

namespace kse::test {

using PartitionOffsets = std::map<std::int32_t, std::int64_t>;

// The next offsets a service stored for a topic, by partition, from the `offsets` table
// (topic, partition, next_offset) of its SQLite file, or user analytics' `parts` table (the same
// columns, next_offset null for a part not stored yet).
inline PartitionOffsets storedOffsets(const QString& dataDir, const QString& fileName, const std::string& topic) {
    kse::SqliteDatabase db(QDir(dataDir).filePath(fileName).toStdString(), kse::SqliteDatabase::Mode::ReadOnly);
    bool parts = false;
    if (auto tables = db.prepare("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'parts'"); tables->next())
        parts = tables->integer(0) > 0;
    auto query =
        db.prepare(parts ? "SELECT partition, next_offset FROM parts WHERE topic = ?1 AND next_offset IS NOT NULL"
                         : "SELECT partition, next_offset FROM offsets WHERE topic = ?1");
    query->bind(1, topic);
    PartitionOffsets out;
    while (query->next())
        out[static_cast<std::int32_t>(query->integer(0))] = query->integer(1);
    return out;
}

// Where a reader that has read every message of a topic stands, by partition: past the last
// message (transaction markers after it take offsets but are never delivered).
inline PartitionOffsets readToTheEnd(const std::string& topic) {
    PartitionOffsets out;
    for (const auto& record : readTopic(testBrokers().toStdString(), topic))
        out[record.partition] = std::max(out[record.partition], record.offset + 1);
    return out;
}

inline bool caughtUp(const PartitionOffsets& stored, const PartitionOffsets& ends) {
    for (const auto& [partition, end] : ends)
        if (const auto it = stored.find(partition); it == stored.end() || it->second < end)
            return false;
    return true;
}

} // namespace kse::test
