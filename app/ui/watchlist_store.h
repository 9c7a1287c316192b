#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace kse {

// The user's watchlists: named lists of symbols in the user's order, and the one last shown,
// kept per user in the application's settings. Read back as any input: symbols the exchange
// would refuse are dropped, duplicates too, and at most kMaxSymbols are kept.
class WatchlistStore {
public:
    static constexpr int kMaxLists = 20;
    static constexpr int kMaxSymbols = 200;
    static constexpr int kMaxNameLength = 40;

    explicit WatchlistStore(const QString& user);

    static std::optional<QString> nameError(const QString& name);
    QStringList names() const; // sorted
    QStringList symbols(const QString& list) const;
    // Keeps `symbols` (checked as when read) under `list`; false for a bad name or a new list
    // beyond kMaxLists.
    bool save(const QString& list, const QStringList& symbols);
    void remove(const QString& list);
    QString current() const; // empty: every symbol
    void setCurrent(const QString& list);

private:
    static QStringList checked(const QStringList& symbols);

    QString m_group;
};

} // namespace kse
