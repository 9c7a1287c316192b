#pragma once

#include <QKeySequence>
#include <QString>
#include <map>
#include <optional>

class QAction;

namespace kse {

// The window's rebindable keyboard shortcuts: each action under an id, with its default keys;
// what the user chose is kept in the application's settings (shortcuts/<id>) and applied at
// once. Two actions never share keys: a binding already taken is refused.
class ShortcutMap {
public:
    struct Entry {
        QAction* action;
        QKeySequence defaultKeys;
    };

    // Each action with its default keys; then restore() applies what the user chose.
    void add(const QString& id, QAction* action, const QKeySequence& defaultKeys);
    void restore();
    // Binds `keys` (empty: none) to the action `id`; the reason when refused.
    std::optional<QString> bind(const QString& id, const QKeySequence& keys);
    void resetAll();
    const std::map<QString, Entry>& entries() const { return m_entries; }
    QKeySequence keys(const QString& id) const;

private:
    const Entry* taken(const QString& id, const QKeySequence& keys) const; // the action holding `keys`

    std::map<QString, Entry> m_entries;
};

} // namespace kse
