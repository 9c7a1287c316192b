#include "ui/product_identity.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

namespace kse::product {

QString name() { return QCoreApplication::translate("kse::product", "KSE Terminal"); }
QString longName() { return QCoreApplication::translate("kse::product", "Kafka Stock Exchange"); }
QString version() { return QStringLiteral(KSE_VERSION); }

QImage iconImage(int size) {
    // Drawn from the SVG rather than loaded through QIcon, which would need Qt's SVG icon-engine
    // plugin at run time.
    QSvgRenderer svg(QStringLiteral(":/kse/icons/kse-desktop.svg"));
    if (!svg.isValid() || size <= 0)
        return {};
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    svg.render(&painter);
    return image;
}

QIcon icon() {
    QIcon out;
    for (const int size : {16, 24, 32, 48, 64, 128, 256})
        if (const QImage image = iconImage(size); !image.isNull())
            out.addPixmap(QPixmap::fromImage(image));
    return out;
}

} // namespace kse::product
