#include "ui/shortcuts_dialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "style/theme.h"
#include "ui/shortcut_map.h"

namespace kse {

ShortcutsDialog::ShortcutsDialog(ShortcutMap& shortcuts, QWidget* parent)
    : QDialog(parent), m_shortcuts(shortcuts), m_table(new QTableWidget(0, 2)), m_message(new QLabel) {
    setWindowTitle(tr("Keyboard shortcuts"));
    m_table->setHorizontalHeaderLabels({tr("Action"), tr("Keys")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_message->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QPushButton* defaults = buttons->addButton(tr("Defaults"), QDialogButtonBox::ResetRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(defaults, &QPushButton::clicked, this, [this] {
        m_shortcuts.resetAll();
        fill();
    });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Click the keys of an action and press the new ones. Ctrl+Return in the order "
                                    "ticket always sends the order.")));
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(460, 360);
    fill();
}

void ShortcutsDialog::fill() {
    m_table->setRowCount(static_cast<int>(m_shortcuts.entries().size()));
    int row = 0;
    for (const auto& [id, entry] : m_shortcuts.entries()) {
        auto* name = new QTableWidgetItem(entry.action->text().remove(QLatin1Char('&')).remove(QStringLiteral("…")));
        name->setFlags(Qt::ItemIsEnabled);
        m_table->setItem(row, 0, name);
        auto* keys = new QKeySequenceEdit(entry.action->shortcut());
        keys->setObjectName(id);
        connect(keys, &QKeySequenceEdit::editingFinished, this, [this, id = id, keys] {
            const auto refused = m_shortcuts.bind(id, keys->keySequence());
            m_message->setText(refused ? *refused : QString());
            theme::setState(*m_message, refused ? "error" : "");
            if (refused)
                keys->setKeySequence(m_shortcuts.keys(id));
        });
        m_table->setCellWidget(row, 1, keys);
        ++row;
    }
}

} // namespace kse
