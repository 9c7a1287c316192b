#include "stock_ingestor/market_simulator.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <functional>

namespace kse {
namespace {

struct Listing {
    const char* symbol;
    double price;
};

constexpr std::array kListings{
    Listing{"AAPL", 187.25}, Listing{"MSFT", 411.60}, Listing{"GOOG", 141.80}, Listing{"AMZN", 178.15},
    Listing{"NVDA", 482.40}, Listing{"META", 352.90}, Listing{"TSLA", 248.50}, Listing{"NFLX", 601.30},
    Listing{"AMD", 121.75},  Listing{"INTC", 43.20},  Listing{"ORCL", 117.05}, Listing{"IBM", 163.45},
    Listing{"JPM", 171.10},  Listing{"V", 262.35},    Listing{"KO", 59.80},    Listing{"DIS", 92.15},
};

// Volatility per tick: about 2 % a day at one tick a second.
constexpr double kSigma = 0.0001;

double startPrice(const std::string& symbol) {
    for (const auto& listing : kListings)
        if (symbol == listing.symbol)
            return listing.price;
    return 20.0 + static_cast<double>(std::hash<std::string>{}(symbol) % 48'000) / 100.0;
}

Price toCents(double price) {
    const auto cents = std::llround(price * 100.0);
    return Price::fromTicks(std::max<std::int64_t>(cents, 1) * (Price::kScale / 100));
}

} // namespace

std::vector<std::string> MarketSimulator::symbols(int count) {
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i) {
        if (static_cast<std::size_t>(i) < kListings.size()) {
            out.emplace_back(kListings[static_cast<std::size_t>(i)].symbol);
        } else {
            char name[16];
            std::snprintf(name, sizeof name, "SIM%04d", i + 1 - static_cast<int>(kListings.size()));
            out.emplace_back(name);
        }
    }
    return out;
}

MarketSimulator::MarketSimulator(std::vector<std::string> symbols, std::uint64_t seed) : m_random(seed) {
    for (auto& symbol : symbols) {
        const double price = startPrice(symbol);
        m_instruments.push_back({std::move(symbol), price, toCents(price)});
    }
}

Tick MarketSimulator::next(std::int64_t nowMs) {
    std::uniform_int_distribution<std::size_t> pick(0, m_instruments.size() - 1);
    Instrument& instrument = m_instruments[pick(m_random)];
    // Geometric Brownian motion without drift: the log price takes a normal step.
    instrument.price *= std::exp(-0.5 * kSigma * kSigma + kSigma * m_normal(m_random));
    instrument.last = toCents(instrument.price);
    const auto lots = std::max<std::int64_t>(1, std::llround(m_size(m_random) / 10.0));
    return Tick{m_nextId++, instrument.symbol, instrument.last, lots * 10, nowMs};
}

} // namespace kse
