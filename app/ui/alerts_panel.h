#pragma once

#include <QWidget>

#include "market/alert_book.h"

class QLabel;
class QTableWidget;

namespace kse {

// The Alerts dock: every alert (what it watches, and armed or when and at what it fired), with
// New…, Edit…, Re-arm and Remove for the selected one (a double-click edits).
class AlertsPanel : public QWidget {
    Q_OBJECT
public:
    explicit AlertsPanel(QWidget* parent = nullptr);

    void show(const AlertBook& book);
    QTableWidget* table() const { return m_table; }
    QString selectedId() const;

Q_SIGNALS:
    void newRequested();
    void editRequested(const QString& id);
    void rearmRequested(const QString& id);
    void removeRequested(const QString& id);

private:
    QTableWidget* m_table;
    QLabel* m_count;
};

} // namespace kse
