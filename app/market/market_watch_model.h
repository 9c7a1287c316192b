#pragma once

#include "api/platform_resources.h"
#include "chart/chart_series.h"
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
    enum Column {
        Symbol,
        Last,
        Change,
        ChangePercent,
        Bid,
        Ask,
        Spread,
        Trend,
        High,
        Low,
        Volume,
        Updated,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole;         // numbers as numbers, for sorting
    static constexpr int TrendRole = Qt::UserRole + 1;    // Trend: the session's closes (QList<qreal>)
    static constexpr std::int64_t kTrendStepMs = 300'000; // a point of the trend per 5 minutes

    explicit MarketWatchModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    void applySnapshot(const std::vector<StockQuote>& quotes);
    void applyCandles(const std::vector<AggregateMessage>& candles);
    // The best bid and ask of a symbol the watch lists (others are ignored); clearTops() forgets
    // them all (the stream that brought them is down, so they would go stale).
    void applyTop(const TopOfBook& top);
    void clearTops();
    // The session's trend of a symbol the watch lists: the closes of its 5-minute candles since
    // the start of the UTC day of the newest, then moved on by the live 1-second candles.
    void setTrend(const QString& symbol, const std::vector<ChartCandle>& fiveMinutes);
    const StockQuote* quote(const QString& symbol) const;
    QString symbolAt(int row) const;

private:
    int rowOf(const QString& symbol); // adds a row when new

    struct TrendPoints {
        std::vector<std::int64_t> closes; // one per 5-minute window, oldest first
        std::int64_t lastWindow = 0;
    };
    void extendTrend(const QString& symbol, std::int64_t start, std::int64_t close);

    QHash<QString, int> m_rowOfSymbol;
    QHash<QString, TrendPoints> m_trends;
};

} // namespace kse
