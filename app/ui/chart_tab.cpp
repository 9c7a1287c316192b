#include "ui/chart_tab.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWidgetAction>

#include "style/theme.h"
#include "ui/chart_view.h"

namespace kse {
namespace {

constexpr int kHistoryCandles = 500;

ChartCandle fromAggregate(const AggregateMessage& m) {
    const Candle& c = m.candle;
    return ChartCandle{c.start,  c.open.ticks(),   c.high.ticks(), c.low.ticks(), c.close.ticks(),
                       c.volume, c.vwap().ticks(), c.count,        c.final};
}

} // namespace

ChartTab::ChartTab(const QString& symbol, const QString& interval, PlatformClient& api, QWidget* parent)
    : QWidget(parent)
    , m_symbol(symbol)
    , m_api(api)
    , m_title(new QLabel(symbol))
    , m_interval(new QComboBox)
    , m_view(new ChartView(m_chart))
    , m_follow(new QCheckBox(tr("Follow latest")))
    , m_studies(new QToolButton)
    , m_close(new QToolButton)
    , m_status(new QLabel) {
    m_interval->addItems({QStringLiteral("1s"), QStringLiteral("1m"), QStringLiteral("5m"), QStringLiteral("1h")});
    m_interval->setCurrentText(interval);
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Keep the newest candle in view; zooming into the past or panning turns it off"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->hide();
    m_close->setText(QStringLiteral("\u2715"));
    m_close->setToolTip(tr("Close this chart"));
    m_close->setAutoRaise(true);
    m_close->hide();
    // Studies: each with its period, in a menu that stays open while periods are edited.
    m_studies->setText(tr("Studies"));
    m_studies->setPopupMode(QToolButton::InstantPopup);
    auto* studies = new QMenu(m_studies);
    for (auto [name, study, period] :
         {std::tuple{tr("SMA"), CandleChart::Study::Sma, 20}, std::tuple{tr("EMA"), CandleChart::Study::Ema, 20},
          std::tuple{tr("Bollinger"), CandleChart::Study::Bollinger, 20},
          std::tuple{tr("VWAP"), CandleChart::Study::Vwap, 0}}) {
        auto* action = new QWidgetAction(studies);
        action->setDefaultWidget(studyRow(name, study, period));
        studies->addAction(action);
    }
    m_studies->setMenu(studies);
    auto* all = new QPushButton(tr("Show all"));
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_title);
    bar->addWidget(new QLabel(tr("Interval")));
    bar->addWidget(m_interval);
    bar->addWidget(m_follow);
    bar->addWidget(m_studies);
    bar->addWidget(all);
    bar->addWidget(m_status, 1);
    bar->addWidget(m_close);
    connect(m_follow, &QCheckBox::toggled, this, [this](bool on) { m_chart.setFollowLatest(on); });
    connect(all, &QPushButton::clicked, this, [this] {
        m_chart.showAll();
        m_follow->setChecked(true);
    });
    connect(m_close, &QToolButton::clicked, this, &ChartTab::closeRequested);
    connect(m_view, &ChartView::viewChanged, this, [this] { m_follow->setChecked(m_chart.followLatest()); });
    connect(m_view, &ChartView::readout, m_status, &QLabel::setText);
    connect(m_view, &ChartView::pressed, this, &ChartTab::activated);
    connect(m_view, &ChartView::orderRequested, this,
            [this](std::int64_t price, bool buy) { Q_EMIT orderRequested(m_symbol, price, buy); });
    connect(m_view, &ChartView::cancelRequested, this, &ChartTab::cancelRequested);
    connect(m_view, &ChartView::levelAdded, this, [this](std::int64_t price) { Q_EMIT levelAdded(m_symbol, price); });
    connect(m_view, &ChartView::levelRemoved, this,
            [this](std::int64_t price) { Q_EMIT levelRemoved(m_symbol, price); });
    connect(m_view, &ChartView::alertRequested, this,
            [this](std::int64_t price) { Q_EMIT alertRequested(m_symbol, price); });
    connect(m_view, &ChartView::alertRemoved, this, &ChartTab::alertRemoved);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    connect(m_interval, &QComboBox::currentTextChanged, this, [this] {
        load();
        Q_EMIT viewEdited();
    });
    load();
}

QWidget* ChartTab::studyRow(const QString& name, CandleChart::Study study, int period) {
    auto* row = new QWidget;
    row->setObjectName(QStringLiteral("study-") + name.toLower());
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(8, 2, 8, 2);
    auto* on = new QCheckBox(name);
    layout->addWidget(on, 1);
    QSpinBox* length = nullptr;
    if (period > 0) {
        length = new QSpinBox;
        length->setRange(2, 500);
        length->setValue(period);
        length->setToolTip(tr("Period, in candles"));
        layout->addWidget(length);
    }
    const auto apply = [this, study, on, length] {
        m_chart.setStudy(study, on->isChecked() ? (length ? length->value() : 1) : 0);
        Q_EMIT viewEdited();
    };
    connect(on, &QCheckBox::toggled, this, apply);
    if (length)
        connect(length, &QSpinBox::valueChanged, this, [on, apply] {
            if (on->isChecked())
                apply();
        });
    return row;
}

QString ChartTab::interval() const { return m_interval->currentText(); }

ChartTab::View ChartTab::view() const {
    return {m_symbol,
            interval(),
            m_chart.study(CandleChart::Study::Sma),
            m_chart.study(CandleChart::Study::Ema),
            m_chart.study(CandleChart::Study::Bollinger),
            m_chart.study(CandleChart::Study::Vwap) > 0};
}

void ChartTab::setView(const View& view) {
    if (!view.interval.isEmpty() && m_interval->findText(view.interval) >= 0)
        m_interval->setCurrentText(view.interval);
    const std::pair<const char*, int> rows[] = {{"study-sma", view.sma},
                                                {"study-ema", view.ema},
                                                {"study-bollinger", view.bollinger},
                                                {"study-vwap", view.vwap ? 1 : 0}};
    for (const auto& [name, period] : rows) {
        auto* row = m_studies->menu()->findChild<QWidget*>(QString::fromLatin1(name));
        if (!row)
            continue;
        auto* on = row->findChild<QCheckBox*>();
        if (auto* length = row->findChild<QSpinBox*>(); length && period > 1)
            length->setValue(period);
        on->setChecked(period > 0);
    }
}

void ChartTab::setInGrid(bool inGrid) {
    m_title->setVisible(inGrid);
    m_close->setVisible(inGrid);
    if (!inGrid)
        setActive(false);
}

void ChartTab::setActive(bool active) { theme::setState(*m_title, active ? "active" : ""); }

void ChartTab::load() {
    const int generation = ++m_generation;
    const QString interval = m_interval->currentText();
    m_loaded = false;
    m_status->setText(tr("loading…"));
    m_chart.setSeries(ChartSeries{m_symbol, interval, {}});
    m_pending.clear(); // of the interval shown before
    m_api.candles(m_symbol, interval, kHistoryCandles,
                  [this, generation, interval](const Result<std::vector<ChartCandle>>& candles) {
                      if (generation != m_generation)
                          return;
                      if (!candles) {
                          m_status->setText(tr("no history: %1").arg(QString::fromStdString(candles.error())));
                      } else {
                          // Live candles that came meanwhile are newer or equal: keep them on top.
                          flush();
                          const ChartSeries live = m_chart.series();
                          m_chart.setSeries(ChartSeries{m_symbol, interval, candles.value()});
                          for (const ChartCandle& c : live.candles)
                              m_chart.upsert(c);
                          m_status->clear();
                      }
                      m_loaded = true;
                      m_view->fitChart();
                      Q_EMIT historyLoaded();
                  });
}

void ChartTab::apply(const std::vector<AggregateMessage>& batch) {
    const std::string interval = m_interval->currentText().toStdString();
    const std::string symbol = m_symbol.toStdString();
    for (const AggregateMessage& m : batch)
        if (m.symbol == symbol && intervalName(m.interval) == interval) {
            const ChartCandle c = fromAggregate(m);
            auto [at, added] = m_pending.try_emplace(c.start, c);
            // Of two versions of a window's candle the one with more prices (the chart's rule).
            if (!added && (c.count > at->second.count || (c.count == at->second.count && c.final)))
                at->second = c;
        }
}

void ChartTab::flush() {
    std::vector<ChartCandle> candles;
    candles.reserve(m_pending.size());
    for (const auto& [start, c] : m_pending)
        candles.push_back(c);
    m_pending.clear();
    m_chart.upsert(candles);
    m_flushed.restart();
}

} // namespace kse
