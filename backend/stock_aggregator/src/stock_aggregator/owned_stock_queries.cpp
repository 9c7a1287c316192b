#include "stock_aggregator/owned_stock_queries.h"

#include <QString>

#include "http/http_error.h"

namespace kse {

OwnedStockQueries::OwnedStockQueries(StockQueries& stored, const PartitionOwnership& ownership)
    : m_stored(stored), m_ownership(ownership) {}

void OwnedStockQueries::requireOwned(const std::string& symbol) const {
    const auto owner = m_ownership.owner(symbol);
    if (owner.owned)
        return;
    const QString name = QString::fromStdString(symbol);
    if (owner.partition < 0)
        throw HttpError(QHttpServerResponse::StatusCode::MisdirectedRequest,
                        QStringLiteral("this stock aggregator has no partitions of stock-ingress yet"));
    throw HttpError(QHttpServerResponse::StatusCode::MisdirectedRequest,
                    QStringLiteral("%1 is on partition %2 of stock-ingress, which another stock aggregator owns "
                                   "(the platform API's prices and candles cover every symbol)")
                        .arg(name)
                        .arg(owner.partition));
}

std::vector<StockQueries::Stock> OwnedStockQueries::stocks() {
    std::vector<Stock> owned;
    for (Stock& stock : m_stored.stocks())
        if (m_ownership.owner(stock.symbol).owned)
            owned.push_back(std::move(stock));
    return owned;
}

std::optional<StockQueries::Stock> OwnedStockQueries::stock(const std::string& symbol) {
    requireOwned(symbol);
    return m_stored.stock(symbol);
}

bool OwnedStockQueries::knows(const std::string& symbol) {
    requireOwned(symbol);
    return m_stored.knows(symbol);
}

std::vector<Candle> OwnedStockQueries::candles(const std::string& symbol, const CandleQuery& query) {
    requireOwned(symbol);
    return m_stored.candles(symbol, query);
}

} // namespace kse
