#pragma once

#include <QByteArray>
#include <QHash>
#include <cstdint>
#include <optional>
#include <vector>

#include "domain/result.h"
#include "ui/row_table_model.h"
#include "contract/aggregate_message.h"

class QJsonDocument;

namespace kse {

// One row of the market watch; prices in ticks.
struct Quote {
    QString symbol;
    std::int64_t last = 0, open = 0, high = 0, low = 0;
    std::optional<std::int64_t> previousClose;
    std::int64_t volume = 0;
    std::int64_t updated = 0; // start of the newest candle seen, ms
    std::int64_t change() const { return last - previousClose.value_or(open); }
    double changePercent() const;
};

// GET /api/v1/stocks as quotes.
Result<std::vector<Quote>> parseQuotes(const QJsonDocument& document); // as PlatformClient already parsed it
Result<std::vector<Quote>> parseQuotes(const QByteArray& json);

// Every symbol's quote: the API's snapshot (refreshed now and then for the session's open and
// volume) moved on live by the 1-second candles of `stock-aggregates`.
class MarketWatchModel : public RowTableModel<Quote> {
    Q_OBJECT
public:
    enum Column { Symbol, Last, Change, ChangePercent, High, Low, Volume, Updated, ColumnCount };
    static constexpr int SortRole = Qt::UserRole; // numbers as numbers, for sorting

    explicit MarketWatchModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    void applySnapshot(const std::vector<Quote>& quotes);
    void applyCandles(const std::vector<AggregateMessage>& candles);
    const Quote* quote(const QString& symbol) const;
    QString symbolAt(int row) const;

private:
    int rowOf(const QString& symbol); // adds a row when new

    QHash<QString, int> m_rowOfSymbol;
};

} // namespace kse
