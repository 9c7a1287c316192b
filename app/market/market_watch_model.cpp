#include "market/market_watch_model.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

#include "domain/price.h"
#include "style/terminal_style.h"

namespace kse {
namespace {

QString money(std::int64_t ticks) { return QString::fromStdString(Price::fromTicks(ticks).toString()); }
QString signedMoney(std::int64_t ticks) { return QString::fromStdString(Price::signedString(ticks)); }

std::optional<std::int64_t> ticksOf(const QJsonValue& value) {
    if (!value.isDouble())
        return std::nullopt;
    const auto price = Price::fromDouble(value.toDouble());
    return price ? std::optional(price.value().ticks()) : std::nullopt;
}

} // namespace

double Quote::changePercent() const {
    const std::int64_t base = previousClose.value_or(open);
    return base == 0 ? 0.0 : 100.0 * static_cast<double>(change()) / static_cast<double>(base);
}

Result<std::vector<Quote>> parseQuotes(const QJsonDocument& document) {
    using R = Result<std::vector<Quote>>;
    if (!document.isArray())
        return R::failure("the stocks are not a JSON array");
    std::vector<Quote> out;
    for (const QJsonValue item : document.array()) {
        const QJsonObject o = item.toObject();
        Quote q;
        q.symbol = o.value(QLatin1String("symbol")).toString();
        const auto last = ticksOf(o.value(QLatin1String("price"))), open = ticksOf(o.value(QLatin1String("open"))),
                   high = ticksOf(o.value(QLatin1String("high"))), low = ticksOf(o.value(QLatin1String("low")));
        const QJsonValue change = o.value(QLatin1String("change"));
        if (q.symbol.isEmpty() || !last || !open || !high || !low || !change.isDouble())
            return R::failure("stock " + std::to_string(out.size()) + " is malformed");
        q.last = *last;
        q.open = *open;
        q.high = *high;
        q.low = *low;
        q.previousClose = *last - std::llround(change.toDouble() * Price::kScale);
        q.volume = o.value(QLatin1String("volume")).toInteger();
        q.updated = o.value(QLatin1String("updated")).toInteger();
        out.push_back(std::move(q));
    }
    return R::success(std::move(out));
}

Result<std::vector<Quote>> parseQuotes(const QByteArray& json) { return parseQuotes(QJsonDocument::fromJson(json)); }

MarketWatchModel::MarketWatchModel(QObject* parent) : QAbstractTableModel(parent) {}

int MarketWatchModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_quotes.size());
}

int MarketWatchModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant MarketWatchModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* kNames[] = {"Symbol", "Last", "Change", "Change %", "High", "Low", "Volume", "Updated"};
    return section >= 0 && section < ColumnCount ? QVariant(QString::fromLatin1(kNames[section])) : QVariant();
}

QVariant MarketWatchModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Quote& q = m_quotes[static_cast<std::size_t>(index.row())];
    const auto column = static_cast<Column>(index.column());
    if (role == Qt::DisplayRole) {
        switch (column) {
        case Symbol: return q.symbol;
        case Last: return money(q.last);
        case Change: return signedMoney(q.change());
        case ChangePercent: return QString::number(q.changePercent(), 'f', 2) + QLatin1Char('%');
        case High: return money(q.high);
        case Low: return money(q.low);
        case Volume: return QString::number(q.volume);
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
        case High: return QVariant::fromValue<qlonglong>(q.high);
        case Low: return QVariant::fromValue<qlonglong>(q.low);
        case Volume: return QVariant::fromValue<qlonglong>(q.volume);
        case Updated: return QVariant::fromValue<qlonglong>(q.updated);
        case ColumnCount: break;
        }
        return {};
    }
    if (role == Qt::ForegroundRole && (column == Last || column == Change || column == ChangePercent) && q.change() != 0)
        return QBrush(q.change() > 0 ? style::up() : style::down());
    if (role == Qt::TextAlignmentRole && column != Symbol)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

int MarketWatchModel::rowOf(const QString& symbol) {
    if (const auto it = m_rows.constFind(symbol); it != m_rows.constEnd())
        return *it;
    const int row = static_cast<int>(m_quotes.size());
    beginInsertRows({}, row, row);
    Quote q;
    q.symbol = symbol;
    m_quotes.push_back(q);
    m_rows.insert(symbol, row);
    endInsertRows();
    return row;
}

void MarketWatchModel::changed(int row) { Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1)); }

void MarketWatchModel::applySnapshot(const std::vector<Quote>& quotes) {
    for (const Quote& incoming : quotes) {
        const int row = rowOf(incoming.symbol);
        Quote& q = m_quotes[static_cast<std::size_t>(row)];
        // The live feed may already be ahead of the snapshot: keep its newer price.
        const bool newer = incoming.updated >= q.updated;
        const std::int64_t liveLast = q.last, liveHigh = q.high, liveLow = q.low, liveUpdated = q.updated;
        q = incoming;
        if (!newer && liveUpdated > 0) {
            q.last = liveLast;
            q.high = std::max(q.high, liveHigh);
            q.low = liveLow > 0 ? std::min(q.low, liveLow) : q.low;
            q.updated = liveUpdated;
        }
        changed(row);
    }
}

void MarketWatchModel::applyCandles(const std::vector<AggregateMessage>& candles) {
    // One dataChanged for the batch, not one per candle: a sorting proxy re-sorts on each.
    int firstChanged = -1, lastChanged = -1;
    for (const AggregateMessage& m : candles) {
        if (m.interval != Interval::Second1)
            continue; // the finest candles carry the newest price
        const int row = rowOf(QString::fromStdString(m.symbol));
        Quote& q = m_quotes[static_cast<std::size_t>(row)];
        const Candle& c = m.candle;
        if (c.start < q.updated)
            continue; // a late correction of an older second: not the last price
        if (q.updated == 0) { // first seen live, before any snapshot
            q.open = c.open.ticks();
            q.high = c.high.ticks();
            q.low = c.low.ticks();
        }
        q.last = c.close.ticks();
        q.high = std::max(q.high, c.high.ticks());
        q.low = std::min(q.low, c.low.ticks());
        q.updated = c.start;
        firstChanged = firstChanged < 0 ? row : std::min(firstChanged, row);
        lastChanged = std::max(lastChanged, row);
    }
    if (firstChanged >= 0)
        Q_EMIT dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));
}

const Quote* MarketWatchModel::quote(const QString& symbol) const {
    const auto it = m_rows.constFind(symbol);
    return it == m_rows.constEnd() ? nullptr : &m_quotes[static_cast<std::size_t>(*it)];
}

QString MarketWatchModel::symbolAt(int row) const {
    return row >= 0 && row < rowCount() ? m_quotes[static_cast<std::size_t>(row)].symbol : QString();
}

} // namespace kse
