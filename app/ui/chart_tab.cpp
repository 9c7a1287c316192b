#include "ui/chart_tab.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

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
    , m_interval(new QComboBox)
    , m_view(new ChartView(m_chart))
    , m_follow(new QCheckBox(tr("Follow latest")))
    , m_average(new QCheckBox(tr("MA 20")))
    , m_status(new QLabel) {
    m_interval->addItems({QStringLiteral("1s"), QStringLiteral("1m"), QStringLiteral("5m"), QStringLiteral("1h")});
    m_interval->setCurrentText(interval);
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Keep the newest candle in view; zooming into the past or panning turns it off"));
    auto* all = new QPushButton(tr("Show all"));
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Interval")));
    bar->addWidget(m_interval);
    bar->addWidget(m_follow);
    bar->addWidget(m_average);
    bar->addWidget(all);
    bar->addWidget(m_status, 1);
    connect(m_follow, &QCheckBox::toggled, this, [this](bool on) { m_chart.setFollowLatest(on); });
    connect(m_average, &QCheckBox::toggled, this, [this](bool on) { m_chart.setMovingAverage(on ? 20 : 0); });
    connect(all, &QPushButton::clicked, this, [this] {
        m_chart.showAll();
        m_follow->setChecked(true);
    });
    connect(m_view, &ChartView::viewChanged, this, [this] { m_follow->setChecked(m_chart.followLatest()); });
    connect(m_view, &ChartView::readout, m_status, &QLabel::setText);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    connect(m_interval, &QComboBox::currentTextChanged, this, [this] { load(); });
    load();
}

void ChartTab::load() {
    const int generation = ++m_generation;
    const QString interval = m_interval->currentText();
    m_loaded = false;
    m_status->setText(tr("loading…"));
    m_chart.setSeries(ChartSeries{m_symbol, interval, {}});
    m_api.candles(m_symbol, interval, kHistoryCandles,
                  [this, generation, interval](const Result<std::vector<ChartCandle>>& candles) {
                      if (generation != m_generation)
                          return;
                      if (!candles) {
                          m_status->setText(tr("no history: %1").arg(QString::fromStdString(candles.error())));
                      } else {
                          // Live candles that came meanwhile are newer or equal: keep them on top.
                          const ChartSeries live = m_chart.series();
                          m_chart.setSeries(ChartSeries{m_symbol, interval, candles.value()});
                          for (const ChartCandle& c : live.candles)
                              m_chart.upsert(c);
                          m_status->clear();
                      }
                      m_loaded = true;
                      fit();
                      Q_EMIT historyLoaded();
                  });
}

void ChartTab::apply(const std::vector<AggregateMessage>& batch) {
    const std::string interval = m_interval->currentText().toStdString();
    const std::string symbol = m_symbol.toStdString();
    for (const AggregateMessage& m : batch)
        if (m.symbol == symbol && intervalName(m.interval) == interval)
            m_chart.upsert(fromAggregate(m));
}

void ChartTab::fit() {
    m_chart.resize(QSizeF(m_view->viewport()->size()));
    m_view->setSceneRect(m_chart.scene()->sceneRect());
}

void ChartTab::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fit();
}

} // namespace kse
