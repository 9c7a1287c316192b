#pragma once

#include "api/platform_resources.h"
#include "contract/aggregate_message.h"
#include "ui/row_table_model.h"

#include <QHash>
#include <vector>

namespace kse {

// Every symbol's quote: the API's snapshot (refreshed now and then for the session's open and
// volume) moved on live by the 1-second candles of `stock-aggregates`, with the best bid and ask
// of the symbols in view from the platform's stream.
class MarketWatchModel : public RowTableModel<StockQuote> {
    Q_OBJECT
public:
    enum Column { Symbol, Last, Change, ChangePercent, Bid, Ask, Spread, High, Low, Volume, Updated, ColumnCount };
    static constexpr int SortRole = Qt::UserRole; // numbers as numbers, for sorting

    explicit MarketWatchModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    void applySnapshot(const std::vector<StockQuote>& quotes);
    void applyCandles(const std::vector<AggregateMessage>& candles);
    // The best bid and ask of a symbol the watch lists (others are ignored); clearTops() forgets
    // them all (the stream that brought them is down, so they would go stale).
    void applyTop(const TopOfBook& top);
    void clearTops();
    const StockQuote* quote(const QString& symbol) const;
    QString symbolAt(int row) const;

private:
    int rowOf(const QString& symbol); // adds a row when new

    QHash<QString, int> m_rowOfSymbol;
};

} // namespace kse
