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
// out: with a live market watch that was a quarter of the UI thread. New rows fit the columns
// exactly; changed values only widen them, so a live table does not jitter. A column no wider
// than its title at the last fit (one still empty, as the bid before the first quote) is fitted
// within `firstValuesMs` of a change, so that its first values are not cut. A column the user
// has resized is left as the user made it.
class ColumnFitter : public QObject {
    Q_OBJECT
public:
    ColumnFitter(QTableView* view, int valuesIntervalMs = 5'000, int firstValuesMs = 1'000);

    // Widens the columns to their contents now (and sets them exactly after rows came or went).
    void fit();

private:
    void fitSoon(int delayMs);

    QTableView* m_view;
    const int m_valuesIntervalMs;
    const int m_firstValuesMs;
    QSet<int> m_titleWide; // columns whose contents were no wider than their title at the last fit
    QTimer m_timer;
    QElapsedTimer m_sinceFit;
    QSet<int> m_userSized;
    bool m_fitting = false;
    bool m_exact = true; // rows came or went since the last fit
};

} // namespace kse
