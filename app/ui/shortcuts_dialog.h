#pragma once

#include <QDialog>

class QLabel;
class QTableWidget;

namespace kse {

class ShortcutMap;

// Help → Keyboard shortcuts…: every rebindable action with its keys; a click on the keys and a
// new combination rebinds it (refused, with the reason, when another action has it); "Defaults"
// puts every one back.
class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(ShortcutMap& shortcuts, QWidget* parent = nullptr);

private:
    void fill();

    ShortcutMap& m_shortcuts;
    QTableWidget* m_table;
    QLabel* m_message;
};

} // namespace kse
