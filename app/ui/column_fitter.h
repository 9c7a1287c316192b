#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QTimer>

class QTableView;

namespace kse {

// Sizes a table's columns to their contents when rows come, go or move, and at most once per
// interval while only values change. QHeaderView::ResizeToContents would lay out the text of
// every visible cell again on each change, and each width that moves relays the whole window
// out: with a live market watch that was a quarter of the UI thread. Columns only grow, so the
// table does not jitter, and a column the user has resized is left as the user made it.
class ColumnFitter : public QObject {
    Q_OBJECT
public:
    ColumnFitter(QTableView* view, int valuesIntervalMs = 5'000);

    void fit();

private:
    void fitSoon(int delayMs);

    QTableView* m_view;
    const int m_valuesIntervalMs;
    QTimer m_timer;
    QElapsedTimer m_sinceFit;
    QSet<int> m_userSized;
    bool m_fitting = false;
};

} // namespace kse
