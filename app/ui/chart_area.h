#pragma once

#include <QTimer>
#include <QWidget>
#include <vector>

class QGridLayout;
class QLabel;
class QStackedLayout;
class QTabWidget;

namespace kse {

class ChartTab;

// The middle of the window: the open charts, as tabs or side by side in a grid of up to four
// (one fills it, two side by side, three or four in 2 × 2). In the grid the chart in use is the
// one last pressed; a chart opened when the grid is full takes its place, and the chart it
// displaces stays open (it shows again as a tab).
class ChartArea : public QWidget {
    Q_OBJECT
public:
    static constexpr int kGridCells = 4;

    explicit ChartArea(QWidget* parent = nullptr);

    int count() const { return static_cast<int>(m_charts.size()); }
    ChartTab* chart(int i) const { return m_charts.at(static_cast<std::size_t>(i)); }
    const std::vector<ChartTab*>& charts() const { return m_charts; }
    ChartTab* current() const { return m_current; }
    int currentIndex() const;
    ChartTab* find(const QString& symbol) const;
    // The charts the grid shows, in reading order (empty in tabs).
    std::vector<ChartTab*> gridCharts() const;

    void add(ChartTab* chart); // becomes the chart in use; the area owns it
    void setCurrent(ChartTab* chart);
    void close(ChartTab* chart);
    void closeAll();
    void setGrid(bool grid);
    bool grid() const { return m_grid; }
    // Live candles came for the charts (ChartTab::apply): they are drawn one chart per turn of
    // the event loop, each chart at most every kRedrawMs, so that four busy charts never hold
    // the window for four layouts at once, and a forming candle is redrawn 4 times a second
    // rather than 10.
    static constexpr int kRedrawMs = 250;
    void redrawSoon();

Q_SIGNALS:
    void currentChanged(ChartTab* chart); // null once the last chart is closed
    void chartsChanged();                 // opened, closed or rearranged

private:
    void arrange();
    void markActive();
    void redrawNext();

    QStackedLayout* m_stack;
    QTabWidget* m_tabs;
    QWidget* m_gridPage;
    QGridLayout* m_cells;
    QWidget* m_empty; // what the middle shows while no chart is open
    std::vector<ChartTab*> m_charts;
    ChartTab* m_current = nullptr;
    bool m_grid = false;
    bool m_arranging = false;
    QTimer m_redraw;
    std::size_t m_nextRedraw = 0; // round robin over the charts
};

} // namespace kse
