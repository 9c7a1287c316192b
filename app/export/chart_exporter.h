#pragma once

#include <QSize>
#include <QString>

class QChartView;
#include <optional>

#include "chart/candle_chart.h"
#include "chart/chart_series.h"

namespace kse {

// Writes a chart to a file in the format its extension names: .png (at `size` pixels), .svg,
// .pdf (a page of `size` points), or .csv (the candles themselves, exact). Returns the reason
// when it cannot.
class ChartExporter {
public:
    explicit ChartExporter(CandleChart::Theme theme = CandleChart::Theme::Light) : m_theme(theme) {}

    std::optional<QString> write(const ChartSeries& series, const QString& path, QSize size) const;
    static bool supported(const QString& path);
    // The CSV text: a header, then one line per candle, oldest first.
    static QByteArray csv(const ChartSeries& series);

    // Any other chart on screen (analytics, lag): the view as drawn, scaled to `size`, or for
    // .csv the points of its line series (`series,time_utc,ms,value`).
    static std::optional<QString> writeView(QChartView& view, const QString& path, QSize size);
    // Offers "Export chart…" on the view's context menu (a file dialog, then writeView).
    static void offerExport(QChartView& view, const QString& name);

private:
    CandleChart::Theme m_theme;
};

} // namespace kse
