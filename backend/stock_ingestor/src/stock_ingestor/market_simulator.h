#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "domain/tick.h"

namespace kse {

// Prices that move like a market: a geometric random walk per symbol in cent steps, with trade
// sizes in round lots drawn from a log-normal law. Deterministic for a given seed.
class MarketSimulator {
public:
    // Well-known symbols first, then SIM0001, SIM0002, … when more are asked for.
    static std::vector<std::string> symbols(int count);

    MarketSimulator(std::vector<std::string> symbols, std::uint64_t seed);

    // The next tick: symbols take turns in random order.
    Tick next(std::int64_t nowMs);
    Price lastPrice(std::size_t index) const { return m_instruments.at(index).last; }
    std::size_t size() const { return m_instruments.size(); }

private:
    struct Instrument {
        std::string symbol;
        double price;
        Price last;
    };
    std::vector<Instrument> m_instruments;
    std::mt19937_64 m_random;
    std::normal_distribution<double> m_normal{0.0, 1.0};
    std::lognormal_distribution<double> m_size{4.0, 1.0}; // median ~55 shares
    std::int64_t m_nextId = 1;
};

} // namespace kse
