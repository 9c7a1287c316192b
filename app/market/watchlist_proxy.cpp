#include "market/watchlist_proxy.h"

#include "market/market_watch_model.h"

namespace kse {

WatchlistProxy::WatchlistProxy(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(MarketWatchModel::SortRole);
    setFilterKeyColumn(MarketWatchModel::Symbol);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
}

void WatchlistProxy::setMembers(std::optional<QStringList> members) {
    m_members = std::move(members);
    m_position.clear();
    if (m_members)
        for (int i = 0; i < m_members->size(); ++i)
            m_position.insert(m_members->at(i), i);
    invalidate(); // both the rows shown and their order
}

bool WatchlistProxy::filterAcceptsRow(int row, const QModelIndex& parent) const {
    if (m_members) {
        const QString symbol = sourceModel()
                                   ->data(sourceModel()->index(row, MarketWatchModel::Symbol, parent), Qt::DisplayRole)
                                   .toString();
        if (!m_position.contains(symbol))
            return false;
    }
    return QSortFilterProxyModel::filterAcceptsRow(row, parent);
}

bool WatchlistProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    if (m_members && left.column() == MarketWatchModel::Symbol)
        return m_position.value(left.data(Qt::DisplayRole).toString()) <
               m_position.value(right.data(Qt::DisplayRole).toString());
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace kse
