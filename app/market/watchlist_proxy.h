#pragma once

#include <QHash>
#include <QSortFilterProxyModel>
#include <QStringList>
#include <optional>

namespace kse {

// The market watch as shown: the symbols of a watchlist (or all), narrowed by the filter text,
// sorted by the column the user chose; in a watchlist the Symbol column sorts in the list's
// own order rather than alphabetically.
class WatchlistProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit WatchlistProxy(QObject* parent = nullptr);

    // std::nullopt: every symbol.
    void setMembers(std::optional<QStringList> members);
    const std::optional<QStringList>& members() const { return m_members; }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    std::optional<QStringList> m_members;
    QHash<QString, int> m_position;
};

} // namespace kse
