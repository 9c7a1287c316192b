#pragma once

#include <string>
#include <vector>

#include "kafka/partition_ownership.h"
#include "stocks/stock_queries.h"

namespace kse {

// The Stocks DB's answers for the symbols of the partitions this member owns now. The Stocks DB
// still holds the symbols of partitions it gave away, as they stood then: asked about one of
// those, it answers 421 (HttpError), never with that stale state; the platform's prices and
// candles cover every symbol.
class OwnedStockQueries final : public StockQueries {
public:
    OwnedStockQueries(StockQueries& stored, const PartitionOwnership& ownership);

    std::vector<Stock> stocks() override;
    std::optional<Stock> stock(const std::string& symbol) override;
    bool knows(const std::string& symbol) override;
    std::vector<Candle> candles(const std::string& symbol, const CandleQuery& query) override;

private:
    void requireOwned(const std::string& symbol) const;

    StockQueries& m_stored;
    const PartitionOwnership& m_ownership;
};

} // namespace kse
