#pragma once

#include <QColor>
#include <QPointF>
#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

class QAbstractSeries;
class QChart;
class QGraphicsLineItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;

namespace kse {

// Horizontal lines across a chart's plot at given prices, each with a tag: the user's working
// orders (the tag at the left says what the order is), the levels the user drew and the alerts
// (the tag on the price axis says the price). The items belong to the chart; place() puts them
// where the chart's current ranges and plot area say, and hides those out of view.
class PriceLines {
public:
    enum class Tag { Left, Axis };
    struct Line {
        QString key;            // what a click on the line or its tag names: an order id, a level's price
        std::int64_t price = 0; // ticks
        QString label;          // the tag's text
        QColor colour;
        bool dashed = false;
        bool operator==(const Line&) const = default;
    };

    PriceLines(QChart* chart, QAbstractSeries* mapping, Tag tag);
    ~PriceLines();
    PriceLines(const PriceLines&) = delete;
    PriceLines& operator=(const PriceLines&) = delete;

    void set(std::vector<Line> lines);
    const std::vector<Line>& lines() const { return m_lines; }
    void place();
    // The line whose tag is under a scene position, or whose line passes within `tolerance`
    // pixels of it.
    std::optional<QString> tagAt(const QPointF& scenePosition) const;
    std::optional<QString> lineAt(const QPointF& scenePosition, double tolerance = 4) const;
    int visibleCount() const;

private:
    struct Items {
        QGraphicsLineItem* line;
        QGraphicsRectItem* tag;
        QGraphicsSimpleTextItem* text;
    };

    QChart* m_chart;
    QAbstractSeries* m_mapping;
    Tag m_tag;
    std::vector<Line> m_lines;
    std::vector<Items> m_items;
};

} // namespace kse
