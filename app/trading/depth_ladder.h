#pragma once

#include "api/platform_client.h"
#include "api/platform_resources.h"

#include <QAbstractTableModel>
#include <QTimer>
#include <QWidget>
#include <cstdint>
#include <utility>
#include <vector>

class QLabel;
class QTableView;
class QToolButton;

namespace kse {

// The ladder: asks above (best at the bottom of them), bids below (best at the top), one price
// column between the bid and ask quantities.
class DepthModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { BidQty, Price, AskQty, ColumnCount };
    static constexpr int PriceRole = Qt::UserRole; // the level's price in ticks
    static constexpr int IsAskRole = Qt::UserRole + 1;

    explicit DepthModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void replace(const BookDepth& book);
    const BookDepth& book() const { return m_book; }

private:
    BookDepth m_book;
};

// The depth of the chosen symbol, asked of the API twice a second while it is shown. A click
// on a level offers that price to the order ticket: buy at an ask, sell at a bid. With "Click to
// trade" on (off at every start), a click in the Bid column sends a buy limit at the row's price
// and one in the Ask column a sell limit — the ticket's quantity, its confirmation if ticked.
class DepthLadder : public QWidget {
    Q_OBJECT
public:
    explicit DepthLadder(PlatformClient& api, QWidget* parent = nullptr);

    void setSymbol(const QString& symbol);
    QString symbol() const { return m_symbol; }
    DepthModel& model() { return m_model; }
    void refresh();
    // A book pushed by the stream: shown when it is the chosen symbol's.
    void showBook(const BookDepth& book);
    // Asks the API twice a second while on (while the stream is down), only on a change of
    // symbol while off.
    void setPolling(bool on);
    void setClickTrading(bool on);
    bool clickTrading() const;

Q_SIGNALS:
    void priceChosen(const QString& symbol, const QString& price, bool buy);
    // Click to trade: send a limit order at `price` now.
    void tradeRequested(const QString& symbol, const QString& price, bool buy);
    void symbolChanged(const QString& symbol);

private:
    PlatformClient& m_api;
    DepthModel m_model;
    QString m_symbol;
    QLabel* m_title;
    QTableView* m_view;
    QToolButton* m_clickTrade;
    QTimer m_timer;
    bool m_refreshing = false;
    bool m_polling = true;
};

} // namespace kse
