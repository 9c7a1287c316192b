#include "ui/shortcut_map.h"

#include <QAction>
#include <QSettings>

namespace kse {
namespace {
QString key(const QString& id) { return QStringLiteral("shortcuts/") + id; }
} // namespace

void ShortcutMap::add(const QString& id, QAction* action, const QKeySequence& defaultKeys) {
    m_entries[id] = {action, defaultKeys};
    action->setShortcut(defaultKeys);
}

void ShortcutMap::restore() {
    // Each binding the user chose, unless another action has those keys (a hand-edited file):
    // that one keeps them, this one its default.
    const QSettings settings;
    for (auto& [id, entry] : m_entries)
        if (settings.contains(key(id)))
            if (const QKeySequence keys =
                    QKeySequence::fromString(settings.value(key(id)).toString(), QKeySequence::PortableText);
                !taken(id, keys))
                entry.action->setShortcut(keys);
}

const ShortcutMap::Entry* ShortcutMap::taken(const QString& id, const QKeySequence& keys) const {
    if (keys.isEmpty())
        return nullptr;
    for (const auto& [other, entry] : m_entries)
        if (other != id && entry.action->shortcut() == keys)
            return &entry;
    return nullptr;
}

std::optional<QString> ShortcutMap::bind(const QString& id, const QKeySequence& keys) {
    const auto it = m_entries.find(id);
    if (it == m_entries.end())
        return QObject::tr("no such action: %1").arg(id);
    if (const Entry* holder = taken(id, keys))
        return QObject::tr("%1 is %2's already")
            .arg(keys.toString(QKeySequence::NativeText), holder->action->text().remove(QLatin1Char('&')));
    it->second.action->setShortcut(keys);
    QSettings().setValue(key(id), keys.toString(QKeySequence::PortableText));
    return std::nullopt;
}

void ShortcutMap::resetAll() {
    QSettings settings;
    for (auto& [id, entry] : m_entries) {
        entry.action->setShortcut(entry.defaultKeys);
        settings.remove(key(id));
    }
}

QKeySequence ShortcutMap::keys(const QString& id) const {
    const auto it = m_entries.find(id);
    return it == m_entries.end() ? QKeySequence() : it->second.action->shortcut();
}

} // namespace kse
