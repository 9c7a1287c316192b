#include "ui/watchlist_store.h"

#include <QObject>
#include <QSettings>
#include <QUrl>
#include <algorithm>

#include "domain/tick.h"
#include "ui/setting_name.h"

namespace kse {
namespace {
QString key(const QString& text) { return QString::fromLatin1(QUrl::toPercentEncoding(text)); }
} // namespace

WatchlistStore::WatchlistStore(const QString& user) : m_group(QStringLiteral("users/%1/").arg(key(user))) {}

std::optional<QString> WatchlistStore::nameError(const QString& name) {
    return settingNameError(name, QObject::tr("a watchlist"), kMaxNameLength);
}

QStringList WatchlistStore::checked(const QStringList& symbols) {
    QStringList out;
    for (const QString& s : symbols) {
        const QString symbol = s.trimmed().toUpper();
        if (!symbolError(symbol.toStdString()) && !out.contains(symbol) && out.size() < kMaxSymbols)
            out << symbol;
    }
    return out;
}

QStringList WatchlistStore::names() const {
    QSettings settings;
    settings.beginGroup(m_group + QStringLiteral("watchlists"));
    QStringList names;
    for (const QString& k : settings.childKeys())
        if (const QString name = QUrl::fromPercentEncoding(k.toLatin1()); !nameError(name))
            names << name;
    names.sort(Qt::CaseInsensitive);
    return names;
}

QStringList WatchlistStore::symbols(const QString& list) const {
    if (nameError(list))
        return {};
    return checked(QSettings().value(m_group + QStringLiteral("watchlists/") + key(list.trimmed())).toStringList());
}

bool WatchlistStore::save(const QString& list, const QStringList& symbols) {
    if (nameError(list))
        return false;
    const QString name = list.trimmed();
    const QStringList existing = names();
    if (!existing.contains(name) && existing.size() >= kMaxLists)
        return false;
    QSettings().setValue(m_group + QStringLiteral("watchlists/") + key(name), checked(symbols));
    return true;
}

void WatchlistStore::remove(const QString& list) {
    QSettings().remove(m_group + QStringLiteral("watchlists/") + key(list.trimmed()));
    if (current() == list.trimmed())
        setCurrent({});
}

QString WatchlistStore::current() const {
    const QString list = QSettings().value(m_group + QStringLiteral("watchlist-shown")).toString();
    return names().contains(list) ? list : QString();
}

void WatchlistStore::setCurrent(const QString& list) {
    QSettings().setValue(m_group + QStringLiteral("watchlist-shown"), list.trimmed());
}

} // namespace kse
