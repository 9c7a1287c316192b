#include "market/market_watch_model.h"

#include "domain/price.h"
#include "style/terminal_style.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <algorithm>

namespace kse {
MarketWatchModel::MarketWatchModel(QObject* parent)
    : RowTableModel({tr("Symbol"), tr("Last"), tr("Chg"), tr("Chg %"), tr("Bid"), tr("Ask"), tr("Spread"),
                     tr("Session"), tr("High"), tr("Low"), tr("Volume"), tr("Updated")},
                    parent) {}

QVariant MarketWatchModel::data(const QModelIndex& index, int role) const {
    const StockQuote* row = rowAt(index);
    if (!row)
        return {};
    const StockQuote& q = *row;
    const auto column = static_cast<Column>(index.column());
    if (role == Qt::DisplayRole) {
        switch (column) {
        case Symbol: return q.symbol;
        case Last: return style::price(q.last);
        case Change: return style::signedPrice(q.change());
        case ChangePercent: return style::signedPercent(q.changePercent());
        case Bid: return q.bid ? style::price(q.bid->first) : QString();
        case Ask: return q.ask ? style::price(q.ask->first) : QString();
        case Spread: return q.bid && q.ask ? style::price(q.ask->first - q.bid->first) : QString();
        case Trend: return QString(); // drawn by SparklineDelegate from TrendRole
        case High: return style::price(q.high);
        case Low: return style::price(q.low);
        case Volume: return style::quantity(q.volume);
        case Updated: return QDateTime::fromMSecsSinceEpoch(q.updated).toString(QStringLiteral("HH:mm:ss"));
        case ColumnCount: break;
        }
        return {};
    }
    if (role == SortRole) {
        switch (column) {
        case Symbol: return q.symbol;
        case Last: return QVariant::fromValue<qlonglong>(q.last);
        case Change: return QVariant::fromValue<qlonglong>(q.change());
        case ChangePercent: return q.changePercent();
        case Bid: return QVariant::fromValue<qlonglong>(q.bid ? q.bid->first : 0);
        case Ask: return QVariant::fromValue<qlonglong>(q.ask ? q.ask->first : 0);
        case Spread: return QVariant::fromValue<qlonglong>(q.bid && q.ask ? q.ask->first - q.bid->first : 0);
        case Trend: return q.changePercent();
        case High: return QVariant::fromValue<qlonglong>(q.high);
        case Low: return QVariant::fromValue<qlonglong>(q.low);
        case Volume: return QVariant::fromValue<qlonglong>(q.volume);
        case Updated: return QVariant::fromValue<qlonglong>(q.updated);
        case ColumnCount: break;
        }
        return {};
    }
    if (role == TrendRole && column == Trend) {
        QList<qreal> points;
        if (const auto it = m_trends.constFind(q.symbol); it != m_trends.constEnd())
            for (std::int64_t close : it->closes)
                points.append(static_cast<qreal>(close));
        return QVariant::fromValue(points);
    }
    if (role == Qt::ToolTipRole && (column == Bid || column == Ask)) {
        const auto& level = column == Bid ? q.bid : q.ask;
        return level ? tr("%1 at %2").arg(style::quantity(level->second), style::price(level->first)) : QVariant();
    }
    if (role == Qt::ForegroundRole && (column == Bid || column == Ask) && (column == Bid ? q.bid : q.ask))
        return QBrush(column == Bid ? style::up() : style::down());
    if (role == Qt::ForegroundRole && (column == Last || column == Change || column == ChangePercent) &&
        q.change() != 0)
        return QBrush(q.change() > 0 ? style::up() : style::down());
    if (role == Qt::TextAlignmentRole && column != Symbol)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

int MarketWatchModel::rowOf(const QString& symbol) {
    if (const auto it = m_rowOfSymbol.constFind(symbol); it != m_rowOfSymbol.constEnd())
        return *it;
    StockQuote q;
    q.symbol = symbol;
    const int row = append(q);
    m_rowOfSymbol.insert(symbol, row);
    return row;
}

void MarketWatchModel::applySnapshot(const std::vector<StockQuote>& quotes) {
    for (const StockQuote& incoming : quotes) {
        const int row = rowOf(incoming.symbol);
        StockQuote& q = mutableRow(row);
        // The live feed may already be ahead of the snapshot: keep its newer price.
        const bool newer = incoming.updated >= q.updated;
        const std::int64_t liveLast = q.last, liveHigh = q.high, liveLow = q.low, liveUpdated = q.updated;
        const auto bid = q.bid, ask = q.ask; // the stream's, not the list's
        q = incoming;
        q.bid = bid;
        q.ask = ask;
        if (!newer && liveUpdated > 0) {
            q.last = liveLast;
            q.high = std::max(q.high, liveHigh);
            q.low = liveLow > 0 ? std::min(q.low, liveLow) : q.low;
            q.updated = liveUpdated;
        }
        changed(row, row);
    }
}

void MarketWatchModel::applyCandles(const std::vector<AggregateMessage>& candles) {
    // One dataChanged for the batch, not one per candle: a sorting proxy re-sorts on each.
    int firstChanged = -1, lastChanged = -1;
    for (const AggregateMessage& m : candles) {
        if (m.interval != Interval::Second1)
            continue; // the finest candles carry the newest price
        const int row = rowOf(QString::fromStdString(m.symbol));
        StockQuote& q = mutableRow(row);
        const Candle& c = m.candle;
        if (c.start < q.updated)
            continue;         // a late correction of an older second: not the last price
        if (q.updated == 0) { // first seen live, before any snapshot
            q.open = c.open.ticks();
            q.high = c.high.ticks();
            q.low = c.low.ticks();
        }
        q.last = c.close.ticks();
        extendTrend(q.symbol, c.start, q.last);
        q.high = std::max(q.high, c.high.ticks());
        q.low = std::min(q.low, c.low.ticks());
        q.updated = c.start;
        firstChanged = firstChanged < 0 ? row : std::min(firstChanged, row);
        lastChanged = std::max(lastChanged, row);
    }
    if (firstChanged >= 0)
        changed(firstChanged, lastChanged);
}

void MarketWatchModel::applyTop(const TopOfBook& top) {
    const auto it = m_rowOfSymbol.constFind(top.symbol);
    if (it == m_rowOfSymbol.constEnd())
        return;
    StockQuote& q = mutableRow(*it);
    q.bid = top.bid;
    q.ask = top.ask;
    changed(*it, *it);
}

void MarketWatchModel::clearTops() {
    for (int row = 0; row < rowCount(); ++row) {
        StockQuote& q = mutableRow(row);
        if (q.bid || q.ask) {
            q.bid.reset();
            q.ask.reset();
            changed(row, row);
        }
    }
}

void MarketWatchModel::setTrend(const QString& symbol, const std::vector<ChartCandle>& fiveMinutes) {
    const auto row = m_rowOfSymbol.constFind(symbol);
    if (row == m_rowOfSymbol.constEnd())
        return;
    constexpr std::int64_t kDayMs = 86'400'000;
    TrendPoints trend;
    if (!fiveMinutes.empty()) {
        const std::int64_t day = fiveMinutes.back().start - fiveMinutes.back().start % kDayMs;
        for (const ChartCandle& c : fiveMinutes)
            if (c.start >= day && c.close > 0) {
                trend.closes.push_back(c.close);
                trend.lastWindow = c.start - c.start % kTrendStepMs;
            }
    }
    // What the live candles added since stays, when newer than the history.
    if (const auto live = m_trends.constFind(symbol);
        live != m_trends.constEnd() && live->lastWindow > trend.lastWindow) {
        trend.closes.push_back(live->closes.back());
        trend.lastWindow = live->lastWindow;
    }
    m_trends.insert(symbol, trend);
    changed(*row, *row);
}

void MarketWatchModel::extendTrend(const QString& symbol, std::int64_t start, std::int64_t close) {
    constexpr std::size_t kMaxPoints = 288; // a day of 5-minute windows
    TrendPoints& trend = m_trends[symbol];
    const std::int64_t window = start - start % kTrendStepMs;
    if (!trend.closes.empty() && window == trend.lastWindow) {
        trend.closes.back() = close;
        return;
    }
    if (window < trend.lastWindow)
        return; // a late second of an older window
    trend.closes.push_back(close);
    trend.lastWindow = window;
    if (trend.closes.size() > kMaxPoints)
        trend.closes.erase(trend.closes.begin());
}

const StockQuote* MarketWatchModel::quote(const QString& symbol) const {
    const auto it = m_rowOfSymbol.constFind(symbol);
    return it == m_rowOfSymbol.constEnd() ? nullptr : &rows()[static_cast<std::size_t>(*it)];
}

QString MarketWatchModel::symbolAt(int row) const {
    return row >= 0 && row < rowCount() ? rows()[static_cast<std::size_t>(row)].symbol : QString();
}

} // namespace kse
