#include "ui/watchlist_bar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QSignalBlocker>
#include <QToolButton>

#include "domain/tick.h"
#include "market/watchlist_proxy.h"
#include "ui/watchlist_store.h"

namespace kse {

WatchlistBar::WatchlistBar(WatchlistStore& store, WatchlistProxy& proxy, Selected selected, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
    , m_proxy(proxy)
    , m_selected(std::move(selected))
    , m_lists(new QComboBox)
    , m_edit(new QToolButton) {
    m_lists->setToolTip(tr("The symbols the market watch shows"));
    m_edit->setText(tr("Lists"));
    m_edit->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_edit);
    connect(menu, &QMenu::aboutToShow, this, [this, menu] {
        menu->clear();
        fillMenu(*menu);
    });
    m_edit->setMenu(menu);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_lists, 1);
    layout->addWidget(m_edit);
    connect(m_lists, &QComboBox::currentIndexChanged, this, [this] { show(current()); });
    reload(m_store.current());
}

QString WatchlistBar::current() const { return m_lists->currentIndex() > 0 ? m_lists->currentText() : QString(); }

void WatchlistBar::reload(const QString& shown) {
    {
        const QSignalBlocker quiet(m_lists);
        m_lists->clear();
        m_lists->addItem(tr("All symbols"));
        m_lists->addItems(m_store.names());
        m_lists->setCurrentIndex(std::max(0, m_lists->findText(shown)));
    }
    show(current());
}

void WatchlistBar::show(const QString& list) {
    m_store.setCurrent(list);
    m_proxy.setMembers(list.isEmpty() ? std::nullopt : std::optional<QStringList>(m_store.symbols(list)));
    Q_EMIT shown(list);
}

void WatchlistBar::choose(const QString& list) { reload(list); }

bool WatchlistBar::store(const QStringList& symbols) {
    if (!m_store.save(current(), symbols))
        return false;
    show(current());
    return true;
}

bool WatchlistBar::create(const QString& name, QString* error) {
    const auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    if (auto bad = WatchlistStore::nameError(name))
        return fail(*bad);
    if (m_store.names().contains(name.trimmed()))
        return fail(tr("there is a watchlist \"%1\" already").arg(name.trimmed()));
    // A new list starts with the symbol chosen in the watch, if any.
    const QString first = m_selected ? m_selected() : QString();
    if (!m_store.save(name, first.isEmpty() ? QStringList() : QStringList{first}))
        return fail(tr("at most %1 watchlists: delete one first").arg(WatchlistStore::kMaxLists));
    reload(name.trimmed());
    return true;
}

bool WatchlistBar::add(const QString& symbol, QString* error) {
    const auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    if (current().isEmpty())
        return fail(tr("choose or make a watchlist first"));
    if (auto bad = symbolError(symbol.toStdString()))
        return fail(QString::fromStdString(*bad));
    QStringList symbols = m_store.symbols(current());
    if (symbols.contains(symbol))
        return true;
    if (symbols.size() >= WatchlistStore::kMaxSymbols)
        return fail(tr("a watchlist holds at most %1 symbols").arg(WatchlistStore::kMaxSymbols));
    symbols << symbol;
    return store(symbols);
}

void WatchlistBar::remove(const QString& symbol) {
    QStringList symbols = m_store.symbols(current());
    if (symbols.removeAll(symbol) > 0)
        store(symbols);
}

void WatchlistBar::move(const QString& symbol, int by) {
    QStringList symbols = m_store.symbols(current());
    const qsizetype from = symbols.indexOf(symbol);
    const qsizetype to = from + by;
    if (from < 0 || to < 0 || to >= symbols.size())
        return;
    symbols.move(from, to);
    store(symbols);
}

void WatchlistBar::deleteCurrent() {
    if (current().isEmpty())
        return;
    m_store.remove(current());
    reload({});
}

void WatchlistBar::fillMenu(QMenu& menu) {
    menu.addAction(tr("New watchlist…"), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("New watchlist"), tr("Name"), QLineEdit::Normal, {}, &ok);
        QString error;
        if (ok && !create(name, &error))
            Q_EMIT refused(error);
    });
    const QString list = current();
    const QString symbol = m_selected ? m_selected() : QString();
    if (list.isEmpty())
        return;
    const bool member = m_store.symbols(list).contains(symbol);
    if (!symbol.isEmpty() && !member)
        menu.addAction(tr("Add %1").arg(symbol), this, [this, symbol] {
            QString error;
            if (!add(symbol, &error))
                Q_EMIT refused(error);
        });
    if (member) {
        menu.addAction(tr("Remove %1").arg(symbol), this, [this, symbol] { remove(symbol); });
        menu.addAction(tr("Move %1 up").arg(symbol), this, [this, symbol] { move(symbol, -1); });
        menu.addAction(tr("Move %1 down").arg(symbol), this, [this, symbol] { move(symbol, 1); });
    }
    menu.addSeparator();
    menu.addAction(tr("Delete \"%1\"…").arg(list), this, [this, list] {
        if (QMessageBox::question(this, tr("Delete watchlist"), tr("Delete the watchlist \"%1\"?").arg(list)) ==
            QMessageBox::Yes)
            deleteCurrent();
    });
}

} // namespace kse
