#pragma once

#include <QSize>
#include <QString>
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

private:
    CandleChart::Theme m_theme;
};

} // namespace kse
