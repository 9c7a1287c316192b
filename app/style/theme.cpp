#include "style/theme.h"

#include <QApplication>
#include <QFile>
#include <QPainter>
#include <QStyle>
#include <QSvgRenderer>
#include <QVariant>
#include <QWidget>

namespace kse::theme {
namespace {

QString sheet(const QString& name) {
    QFile file(QStringLiteral(":/kse/styles/%1.qss").arg(name));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

QPalette palette(Kind kind) {
    QPalette palette = QApplication::style()->standardPalette();
    if (kind == Kind::Light)
        return palette;
    palette.setColor(QPalette::Window, QColor(0x26, 0x2b, 0x33));
    palette.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
    palette.setColor(QPalette::Base, QColor(0x1c, 0x20, 0x26));
    palette.setColor(QPalette::AlternateBase, QColor(0x26, 0x2b, 0x33));
    palette.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    palette.setColor(QPalette::Button, QColor(0x30, 0x36, 0x40));
    palette.setColor(QPalette::ButtonText, QColor(0xe0, 0xe0, 0xe0));
    palette.setColor(QPalette::Highlight, QColor(0x42, 0x85, 0xf4));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::ToolTipBase, QColor(0x30, 0x36, 0x40));
    palette.setColor(QPalette::ToolTipText, QColor(0xe0, 0xe0, 0xe0));
    palette.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
    // Disabled fields (a market order's price and time in force) must read as disabled here too.
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, QColor(0x6a, 0x70, 0x78));
    palette.setColor(QPalette::Disabled, QPalette::Base, QColor(0x26, 0x2b, 0x33));
    return palette;
}

QString styleSheet(Kind kind) {
    const QString common = sheet(QStringLiteral("terminal"));
    const QString own = sheet(kind == Kind::Dark ? QStringLiteral("dark") : QStringLiteral("light"));
    return common.isEmpty() || own.isEmpty() ? QString() : common + QLatin1Char('\n') + own;
}

void apply(Kind kind) {
    QApplication::setPalette(palette(kind));
    qApp->setStyleSheet(styleSheet(kind));
}

QPixmap image(const QString& name, int height, const QWidget* on) {
    // Drawn from the SVG rather than loaded through QIcon, which would need Qt's SVG icon-engine
    // plugin at run time (as ui/product_identity.cpp does for the icon).
    QSvgRenderer svg(QStringLiteral(":/kse/images/%1.svg").arg(name));
    const QSize natural = svg.defaultSize();
    if (!svg.isValid() || height <= 0 || natural.isEmpty())
        return {};
    const qreal ratio = on ? on->devicePixelRatioF() : qApp->devicePixelRatio();
    const QSize size(natural.width() * height / natural.height(), height);
    QPixmap pixmap(size * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    svg.render(&painter, QRectF(QPointF(0, 0), QSizeF(size)));
    return pixmap;
}

void setState(QWidget& widget, const char* state) {
    const QString now = QString::fromLatin1(state);
    if (widget.property("state").toString() == now)
        return;
    widget.setProperty("state", now);
    // A changed property is not re-read by the stylesheet until the widget is polished again.
    widget.style()->unpolish(&widget);
    widget.style()->polish(&widget);
    widget.update();
}

} // namespace kse::theme
