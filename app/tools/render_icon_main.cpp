// kse-render-icon DIR SIZE...: the icon compiled into the terminal, drawn at each size as
// DIR/NxN/apps/kse-desktop.png, the layout of a freedesktop icon theme. It draws the PNGs of
// resources/icons/hicolor/ from resources/icons/kse-desktop.svg; a gui test checks that they match.
#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <cstdio>

#include "ui/product_identity.h"

int main(int argc, char* argv[]) {
    QGuiApplication app(argc, argv);
    const QStringList arguments = QGuiApplication::arguments();
    if (arguments.size() < 3) {
        std::fputs("usage: kse-render-icon DIR SIZE...\n", stderr);
        return 2;
    }
    for (qsizetype i = 2; i < arguments.size(); ++i) {
        bool ok = false;
        const int size = arguments[i].toInt(&ok);
        if (!ok || size < 8 || size > 1024) {
            std::fprintf(stderr, "kse-render-icon: %s is not a size from 8 to 1024\n", qPrintable(arguments[i]));
            return 2;
        }
        const QString dir = QStringLiteral("%1/%2x%2/apps").arg(arguments[1]).arg(size);
        const QImage image = kse::product::iconImage(size);
        if (image.isNull() || !QDir().mkpath(dir) || !image.save(dir + QStringLiteral("/kse-desktop.png"))) {
            std::fprintf(stderr, "kse-render-icon: cannot write %s/kse-desktop.png\n", qPrintable(dir));
            return 1;
        }
    }
    return 0;
}
