#pragma once

#include <QString>
#include <cstdint>
#include <vector>

namespace kse {

// The horizontal lines a user drew on a symbol's charts, kept per user and symbol in the
// application's settings across restarts. Read back as any input: prices on the exchange's
// grid (1 tick to 10^14 ticks), at most kMaxLevels per symbol, sorted, no duplicates.
class LevelStore {
public:
    static constexpr std::size_t kMaxLevels = 50;

    explicit LevelStore(const QString& user);

    std::vector<std::int64_t> levels(const QString& symbol) const;
    // Adds a line (false when the symbol has kMaxLevels already); removing one not drawn is a no-op.
    bool add(const QString& symbol, std::int64_t price);
    void remove(const QString& symbol, std::int64_t price);

private:
    void store(const QString& symbol, const std::vector<std::int64_t>& levels);

    QString m_group;
};

} // namespace kse
