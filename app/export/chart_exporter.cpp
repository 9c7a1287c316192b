#include "export/chart_exporter.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QMenu>
#include <QMessageBox>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QXYSeries>

#include "domain/price.h"

namespace kse {
namespace {

QString suffix(const QString& path) { return QFileInfo(path).suffix().toLower(); }

QByteArray money(std::int64_t ticks) { return QByteArray::fromStdString(Price::fromTicks(ticks).toString()); }

} // namespace

bool ChartExporter::supported(const QString& path) {
    const QString s = suffix(path);
    return s == QLatin1String("png") || s == QLatin1String("svg") || s == QLatin1String("pdf") ||
           s == QLatin1String("csv");
}

QByteArray ChartExporter::csv(const ChartSeries& series) {
    QByteArray out = "start,time_utc,open,high,low,close,volume,vwap,count,final\n";
    for (const ChartCandle& c : series.candles) {
        out += QByteArray::number(c.start) + ',' +
               QDateTime::fromMSecsSinceEpoch(c.start, Qt::UTC).toString(Qt::ISODateWithMs).toUtf8() + ',' +
               money(c.open) + ',' + money(c.high) + ',' + money(c.low) + ',' + money(c.close) + ',' +
               QByteArray::number(c.volume) + ',' + money(c.vwap) + ',' + QByteArray::number(c.count) + ',' +
               (c.final ? "true" : "false") + '\n';
    }
    return out;
}

std::optional<QString> ChartExporter::write(const ChartSeries& series, const QString& path, QSize size) const {
    if (!supported(path))
        return QStringLiteral("unknown format '%1': use .png, .svg, .pdf or .csv").arg(suffix(path));
    if (size.width() < 100 || size.height() < 100 || size.width() > 10'000 || size.height() > 10'000)
        return QStringLiteral("the size must be from 100×100 to 10000×10000");
    const QString format = suffix(path);
    if (format == QLatin1String("csv")) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(csv(series)) < 0 || !file.commit())
            return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    CandleChart chart(m_theme);
    chart.setSeries(series);
    chart.showAll(); // an export shows every candle it was given
    const QRectF target(QPointF(0, 0), QSizeF(size));
    if (format == QLatin1String("png")) {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(m_theme == CandleChart::Theme::Dark ? Qt::black : Qt::white);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            chart.render(painter, target);
        }
        if (!image.save(path, "PNG"))
            return QStringLiteral("cannot write %1").arg(path);
        return std::nullopt;
    }
    if (format == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(QStringLiteral("%1 %2").arg(series.symbol, series.interval));
        QPainter painter;
        if (!painter.begin(&svg))
            return QStringLiteral("cannot write %1").arg(path);
        chart.render(painter, target);
        painter.end();
        return QFileInfo(path).size() > 0 ? std::nullopt : std::optional(QStringLiteral("cannot write %1").arg(path));
    }
    QPdfWriter pdf(path);
    pdf.setResolution(72); // a device pixel is a point: the page is `size` points
    pdf.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setTitle(QStringLiteral("%1 %2").arg(series.symbol, series.interval));
    QPainter painter;
    if (!painter.begin(&pdf))
        return QStringLiteral("cannot write %1").arg(path);
    chart.render(painter, QRectF(0, 0, pdf.width(), pdf.height()));
    painter.end();
    return std::nullopt;
}

std::optional<QString> ChartExporter::writeView(QChartView& view, const QString& path, QSize size) {
    if (!supported(path))
        return QStringLiteral("unknown format '%1': use .png, .svg, .pdf or .csv").arg(suffix(path));
    const QString format = suffix(path);
    if (format == QLatin1String("csv")) {
        QByteArray out = "series,time_utc,ms,value\n";
        for (QAbstractSeries* s : view.chart()->series())
            if (auto* line = qobject_cast<QXYSeries*>(s))
                for (const QPointF& p : line->points())
                    out += line->name().toUtf8() + ',' +
                           QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(p.x()), Qt::UTC)
                               .toString(Qt::ISODateWithMs)
                               .toUtf8() +
                           ',' + QByteArray::number(static_cast<qint64>(p.x())) + ',' +
                           QByteArray::number(p.y(), 'g', 15) + '\n';
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(out) < 0 || !file.commit())
            return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QSize source = view.size().isEmpty() ? size : view.size();
    const auto draw = [&](QPainter& painter, QSizeF target) {
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(target.width() / source.width(), target.height() / source.height());
        view.render(&painter);
    };
    if (format == QLatin1String("png")) {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            draw(painter, QSizeF(size));
        }
        return image.save(path, "PNG") ? std::nullopt : std::optional(QStringLiteral("cannot write %1").arg(path));
    }
    if (format == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        QPainter painter;
        if (!painter.begin(&svg))
            return QStringLiteral("cannot write %1").arg(path);
        draw(painter, QSizeF(size));
        return std::nullopt;
    }
    QPdfWriter pdf(path);
    pdf.setResolution(72);
    pdf.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    QPainter painter;
    if (!painter.begin(&pdf))
        return QStringLiteral("cannot write %1").arg(path);
    draw(painter, QSizeF(pdf.width(), pdf.height()));
    return std::nullopt;
}

void ChartExporter::offerExport(QChartView& view, const QString& name) {
    view.setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(&view, &QWidget::customContextMenuRequested, &view, [&view, name](const QPoint& at) {
        QMenu menu(&view);
        menu.addAction(QObject::tr("Export chart…"), &view, [&view, name] {
            const QString path = QFileDialog::getSaveFileName(
                &view, QObject::tr("Export chart"), name + QStringLiteral(".png"),
                QObject::tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf);;CSV data (*.csv)"));
            if (path.isEmpty())
                return;
            if (auto error = writeView(view, path, view.size().expandedTo(QSize(800, 400))))
                QMessageBox::warning(&view, QObject::tr("Export chart"), *error);
        });
        menu.exec(view.mapToGlobal(at));
    });
}

} // namespace kse
