#include "ui/chart_area.h"

#include <QGridLayout>
#include <QLabel>
#include <QStackedLayout>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "style/terminal_style.h"
#include "style/theme.h"
#include "ui/chart_tab.h"

namespace kse {

ChartArea::ChartArea(QWidget* parent)
    : QWidget(parent)
    , m_stack(new QStackedLayout(this))
    , m_tabs(new QTabWidget)
    , m_gridPage(new QWidget)
    , m_cells(new QGridLayout(m_gridPage))
    , m_empty(new QWidget) {
    auto* picture = new QLabel;
    picture->setPixmap(theme::image(QStringLiteral("chart-empty"), 96, this));
    picture->setAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    auto* hint = new QLabel(tr("No chart open: double-click a symbol in the market watch, or right-click it → Chart."));
    hint->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    style::mute(*hint);
    hint->setWordWrap(true);
    auto* emptyLayout = new QVBoxLayout(m_empty);
    emptyLayout->addWidget(picture, 1);
    emptyLayout->addWidget(hint, 1);
    m_tabs->setTabsClosable(true);
    m_tabs->setDocumentMode(true);
    m_tabs->setMovable(false);
    m_cells->setContentsMargins(0, 0, 0, 0);
    m_cells->setSpacing(6);
    m_stack->addWidget(m_tabs);
    m_stack->addWidget(m_gridPage);
    m_stack->addWidget(m_empty);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this,
            [this](int i) { close(qobject_cast<ChartTab*>(m_tabs->widget(i))); });
    m_redraw.setSingleShot(true);
    connect(&m_redraw, &QTimer::timeout, this, &ChartArea::redrawNext);
    arrange();
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int i) {
        if (!m_arranging && !m_grid && i >= 0)
            setCurrent(qobject_cast<ChartTab*>(m_tabs->widget(i)));
    });
}

int ChartArea::currentIndex() const {
    const auto it = std::find(m_charts.begin(), m_charts.end(), m_current);
    return it == m_charts.end() ? -1 : static_cast<int>(it - m_charts.begin());
}

ChartTab* ChartArea::find(const QString& symbol) const {
    for (ChartTab* chart : m_charts)
        if (chart->symbol() == symbol)
            return chart;
    return nullptr;
}

std::vector<ChartTab*> ChartArea::gridCharts() const {
    if (!m_grid)
        return {};
    return {m_charts.begin(), m_charts.begin() + std::min<std::ptrdiff_t>(kGridCells, count())};
}

void ChartArea::add(ChartTab* chart) {
    connect(chart, &ChartTab::activated, this, [this, chart] { setCurrent(chart); });
    connect(chart, &ChartTab::closeRequested, this, [this, chart] { close(chart); });
    const int at = currentIndex();
    if (m_grid && count() >= kGridCells && at >= 0 && at < kGridCells) {
        // The grid is full: the new chart takes the cell in use; the one there goes behind.
        ChartTab* displaced = m_charts[static_cast<std::size_t>(at)];
        m_charts[static_cast<std::size_t>(at)] = chart;
        m_charts.push_back(displaced);
    } else {
        m_charts.push_back(chart);
    }
    m_current = chart;
    arrange();
    Q_EMIT currentChanged(chart);
    Q_EMIT chartsChanged();
}

void ChartArea::setCurrent(ChartTab* chart) {
    if (!chart || chart == m_current || std::find(m_charts.begin(), m_charts.end(), chart) == m_charts.end())
        return;
    m_current = chart;
    if (m_grid && currentIndex() >= kGridCells) {
        // A chart behind the grid chosen (a symbol opened again): it takes the last cell.
        std::iter_swap(m_charts.begin() + currentIndex(), m_charts.begin() + (kGridCells - 1));
        arrange();
    } else if (!m_grid) {
        m_arranging = true;
        m_tabs->setCurrentWidget(chart);
        m_arranging = false;
    }
    markActive();
    Q_EMIT currentChanged(chart);
}

void ChartArea::close(ChartTab* chart) {
    const auto it = std::find(m_charts.begin(), m_charts.end(), chart);
    if (it == m_charts.end())
        return;
    const auto index = it - m_charts.begin();
    m_charts.erase(it);
    if (m_current == chart)
        m_current =
            m_charts.empty() ? nullptr : m_charts[static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, index - 1))];
    arrange();
    chart->deleteLater(); // it may be the sender of the click that closes it
    Q_EMIT currentChanged(m_current);
    Q_EMIT chartsChanged();
}

void ChartArea::closeAll() {
    for (ChartTab* chart : m_charts)
        chart->deleteLater();
    m_charts.clear();
    m_current = nullptr;
    arrange();
    Q_EMIT currentChanged(nullptr);
    Q_EMIT chartsChanged();
}

void ChartArea::setGrid(bool grid) {
    if (grid == m_grid)
        return;
    m_grid = grid;
    if (m_grid && currentIndex() >= kGridCells) // the chart in use stays in view
        std::iter_swap(m_charts.begin() + currentIndex(), m_charts.begin() + (kGridCells - 1));
    arrange();
    Q_EMIT chartsChanged();
}

void ChartArea::arrange() {
    m_arranging = true;
    while (m_tabs->count() > 0)
        m_tabs->removeTab(0);
    while (QLayoutItem* item = m_cells->takeAt(0))
        delete item; // the layout item, not the chart
    for (int row = 0; row < 2; ++row)
        m_cells->setRowStretch(row, 0);
    for (int column = 0; column < 2; ++column)
        m_cells->setColumnStretch(column, 0);
    const int shown = m_grid ? std::min(count(), kGridCells) : 0;
    for (int i = 0; i < count(); ++i) {
        ChartTab* chart = m_charts[static_cast<std::size_t>(i)];
        chart->setInGrid(m_grid);
        if (!m_grid) {
            m_tabs->addTab(chart, chart->symbol());
            chart->show();
        } else if (i < shown) {
            // Reading order; the third of three spans the bottom row.
            const int row = i / 2, column = i % 2;
            const int span = (shown == 3 && i == 2) ? 2 : 1;
            m_cells->addWidget(chart, row, column, 1, span);
            m_cells->setRowStretch(row, 1);
            m_cells->setColumnStretch(column, 1);
            chart->show();
        } else {
            chart->setParent(m_gridPage); // behind the grid: kept, not shown
            chart->hide();
        }
    }
    if (!m_grid && m_current)
        m_tabs->setCurrentWidget(m_current);
    m_stack->setCurrentWidget(m_charts.empty() ? m_empty : m_grid ? m_gridPage : static_cast<QWidget*>(m_tabs));
    m_arranging = false;
    markActive();
}

void ChartArea::redrawSoon() {
    if (!m_redraw.isActive())
        m_redraw.start(0);
}

void ChartArea::redrawNext() {
    // The next chart (round robin) with candles waiting and its last redraw kRedrawMs ago; then
    // again at once, for another that may be due, or when the soonest one is.
    qint64 soonest = -1;
    const std::size_t n = m_charts.size();
    for (std::size_t k = 0; k < n; ++k) {
        ChartTab* chart = m_charts[(m_nextRedraw + k) % n];
        if (!chart->pending())
            continue;
        const qint64 wait = kRedrawMs - chart->msSinceFlush();
        if (wait <= 0) {
            chart->flush();
            m_nextRedraw = (m_nextRedraw + k + 1) % n;
            m_redraw.start(0);
            return;
        }
        soonest = soonest < 0 ? wait : std::min(soonest, wait);
    }
    if (soonest >= 0)
        m_redraw.start(static_cast<int>(soonest));
}

void ChartArea::markActive() {
    for (ChartTab* chart : m_charts)
        chart->setActive(m_grid && chart == m_current);
}

} // namespace kse
