#pragma once

#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

namespace kse {

// A price alert: the last price at or above a price, at or below one, or moved by a percentage
// (either way) from the price when it was set.
struct PriceAlert {
    enum class Kind { Above, Below, Move };
    QString id;
    QString symbol;
    Kind kind = Kind::Above;
    std::int64_t price = 0;       // ticks: the threshold (Above, Below) or the reference (Move)
    std::int64_t basisPoints = 0; // Move: the move that fires, in hundredths of a percent
    // Set once it fired: it fires once, and stays listed (re-arm it to watch again).
    std::int64_t firedAt = 0; // ms since the epoch; 0 while armed
    std::int64_t firedPrice = 0;
    bool armed() const { return firedAt == 0; }
    // The prices at which it fires: one for Above and Below, two for Move (down, up).
    std::vector<std::int64_t> thresholds() const;
    bool operator==(const PriceAlert&) const = default;
};

// The user's alerts, checked against each last price. Pure: no Qt widgets, no clock, no
// storage (AlertStore keeps them, MainWindow notifies).
class AlertBook {
public:
    static constexpr std::size_t kMaxAlerts = 200;
    static constexpr std::int64_t kMaxPrice = 100'000'000'000'000; // ticks
    static constexpr std::int64_t kMaxBasisPoints = 10'000;        // 100 %: kMaxPrice × this fits in int64

    // Why an alert cannot be kept, if it cannot (a bad symbol, price or move).
    static std::optional<QString> error(const PriceAlert& alert);

    // Adds (a new id) or replaces (a known id) an alert; refused with the reason.
    std::optional<QString> put(const PriceAlert& alert);
    void remove(const QString& id);
    void rearm(const QString& id, std::int64_t reference);
    const std::vector<PriceAlert>& alerts() const { return m_alerts; }
    const PriceAlert* find(const QString& id) const;
    std::vector<PriceAlert> forSymbol(const QString& symbol) const;

    // A last price of `symbol` at `ms`: the armed alerts it fires, now marked fired.
    std::vector<PriceAlert> observe(const QString& symbol, std::int64_t last, std::int64_t ms);

private:
    std::vector<PriceAlert> m_alerts;
};

} // namespace kse
