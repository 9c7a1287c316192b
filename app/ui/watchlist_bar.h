#pragma once

#include <QWidget>
#include <functional>

class QComboBox;
class QMenu;
class QToolButton;

namespace kse {

class WatchlistProxy;
class WatchlistStore;

// Over the market watch: which watchlist it shows ("All symbols" or one of the user's), and a
// menu to make a list, add the selected symbol to it, remove it, move it up or down, or delete
// the list. Each change is kept at once (WatchlistStore).
class WatchlistBar : public QWidget {
    Q_OBJECT
public:
    using Selected = std::function<QString()>; // the symbol chosen in the watch, if any

    WatchlistBar(WatchlistStore& store, WatchlistProxy& proxy, Selected selected, QWidget* parent = nullptr);

    QString current() const; // empty: every symbol
    void choose(const QString& list);
    // Each refuses (false, with the reason in `error`) what it cannot do.
    bool create(const QString& name, QString* error = nullptr);
    bool add(const QString& symbol, QString* error = nullptr);
    void remove(const QString& symbol);
    void move(const QString& symbol, int by);
    void deleteCurrent();
    void fillMenu(QMenu& menu);

Q_SIGNALS:
    void refused(const QString& reason);
    void shown(const QString& list); // a list (or every symbol) is now what the watch shows

private:
    void reload(const QString& shown);
    void show(const QString& list);
    bool store(const QStringList& symbols);

    WatchlistStore& m_store;
    WatchlistProxy& m_proxy;
    Selected m_selected;
    QComboBox* m_lists;
    QToolButton* m_edit;
};

} // namespace kse
