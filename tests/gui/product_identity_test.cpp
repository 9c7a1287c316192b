// The product's identity, with no backend: the icon drawn from the resource compiled in, the
// sign-in dialog and the About box naming the product and its version, the window's icon and
// its Help menu.
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QUrl>
#include <algorithm>
#include <cstdlib>
#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>

#include "api/platform_client.h"
#include "log/logger.h"
#include "style/theme.h"
#include "ui/about_dialog.h"
#include "ui/login_dialog.h"
#include "ui/main_window.h"
#include "ui/product_banner.h"
#include "ui/product_identity.h"

using namespace kse;

TEST(ProductIdentity, TheIconIsDrawnFromTheResourceAtEverySize) {
    for (const int size : {16, 48, 256}) {
        const QImage image = product::iconImage(size);
        ASSERT_FALSE(image.isNull()) << size;
        EXPECT_EQ(image.size(), QSize(size, size));
        // The dark rounded square fills the middle; its rounded corner leaves the corner clear.
        EXPECT_EQ(qAlpha(image.pixel(size / 2, size - size / 8)), 255) << size;
        EXPECT_EQ(qAlpha(image.pixel(0, 0)), 0) << size;
    }
    const QList<QSize> sizes = product::icon().availableSizes();
    EXPECT_TRUE(sizes.contains(QSize(16, 16)) && sizes.contains(QSize(256, 256)));
    EXPECT_TRUE(product::iconImage(0).isNull());
}

TEST(ProductIdentity, TheIconsPngsInResourcesAreTheSvgDrawnAtTheirSizes) {
    // resources/icons/hicolor/ is what the desktop package installs; after a change of the SVG,
    // `kse-render-icon resources/icons/hicolor 16 24 32 48 64 128 256` draws them again.
    for (const int size : {16, 24, 32, 48, 64, 128, 256}) {
        const QString path =
            QStringLiteral(KSE_SOURCE_DIR "/resources/icons/hicolor/%1x%1/apps/kse-desktop.png").arg(size);
        const QImage committed = QImage(path).convertToFormat(QImage::Format_ARGB32);
        ASSERT_FALSE(committed.isNull()) << path.toStdString();
        const QImage drawn = product::iconImage(size).convertToFormat(QImage::Format_ARGB32);
        ASSERT_EQ(committed.size(), drawn.size()) << size;
        int worst = 0; // rounding may differ by a unit where the SVG's edges are antialiased
        for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x) {
                const QRgb a = committed.pixel(x, y), b = drawn.pixel(x, y);
                worst = std::max({worst, std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)),
                                  std::abs(qBlue(a) - qBlue(b)), std::abs(qAlpha(a) - qAlpha(b))});
            }
        EXPECT_LE(worst, 2) << path.toStdString() << " is not the SVG drawn at " << size << " px";
    }
}

TEST(ProductIdentity, TheStylesheetsAndImagesAreCompiledIn) {
    const QString light = theme::styleSheet(theme::Kind::Light);
    const QString dark = theme::styleSheet(theme::Kind::Dark);
    // Each theme is the common sheet, then its own.
    for (const QString& sheet : {light, dark}) {
        EXPECT_TRUE(sheet.contains(QStringLiteral("kse--Notice"))) << sheet.toStdString();
        EXPECT_TRUE(sheet.contains(QStringLiteral("QLabel[state=\"error\"]")));
    }
    EXPECT_TRUE(light.contains(QStringLiteral("#e3e6ea")) && !light.contains(QStringLiteral("#2d333c")));
    EXPECT_TRUE(dark.contains(QStringLiteral("#2d333c")) && !dark.contains(QStringLiteral("#e3e6ea")));
    EXPECT_NE(theme::palette(theme::Kind::Dark).color(QPalette::Window),
              theme::palette(theme::Kind::Light).color(QPalette::Window));
    // A disabled field reads as disabled in the dark theme too.
    const QPalette darkPalette = theme::palette(theme::Kind::Dark);
    EXPECT_NE(darkPalette.color(QPalette::Disabled, QPalette::Text),
              darkPalette.color(QPalette::Active, QPalette::Text));

    for (const char* name : {"bolt", "bell", "chart-empty"}) {
        const QImage image = theme::image(QString::fromLatin1(name), 32).toImage();
        ASSERT_FALSE(image.isNull()) << name;
        EXPECT_EQ(image.height(), 32) << name;
        int opaque = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                opaque += qAlpha(image.pixel(x, y)) == 255;
        EXPECT_GT(opaque, 50) << name << ": drawn, not blank";
    }
    EXPECT_EQ(theme::image(QStringLiteral("chart-empty"), 96).width(), 160); // the picture's proportions
    EXPECT_TRUE(theme::image(QStringLiteral("no-such-picture"), 16).isNull());

    // A label's state takes its colour from the sheet, and loses it again.
    theme::apply(theme::Kind::Light);
    QLabel label(QStringLiteral("refused"));
    label.ensurePolished();
    const QColor plain = label.palette().color(QPalette::WindowText);
    theme::setState(label, "error");
    EXPECT_EQ(label.palette().color(QPalette::WindowText), QColor(0xef, 0x53, 0x50));
    theme::setState(label, "");
    EXPECT_EQ(label.palette().color(QPalette::WindowText), plain);
}

TEST(ProductIdentity, TheSignInDialogNamesTheProductAndItsVersion) {
    LoginDialog dialog(QUrl(QStringLiteral("http://127.0.0.1:1")));
    EXPECT_EQ(dialog.banner().title(), QStringLiteral("KSE Terminal"));
    EXPECT_TRUE(dialog.banner().subtitle().contains(QStringLiteral("Kafka Stock Exchange")));
    EXPECT_TRUE(dialog.banner().subtitle().contains(QStringLiteral("version " KSE_VERSION)))
        << dialog.banner().subtitle().toStdString();
    // A picture to look at, kept in the build directory (not committed).
    QDir().mkpath(QStringLiteral(KSE_GUI_ARTIFACTS));
    EXPECT_TRUE(
        dialog.grab().save(QDir(QStringLiteral(KSE_GUI_ARTIFACTS)).filePath(QStringLiteral("kse-sign-in.png"))));
}

TEST(ProductIdentity, HelpAboutTellsTheVersionWhatItRunsOnAndTheSession) {
    PlatformClient client(QUrl(QStringLiteral("http://127.0.0.1:1")));
    Logger logger(LogLevel::Error);
    MainWindow window({QStringLiteral("trader-1"), QStringLiteral("127.0.0.1:1"), {}}, client, logger);
    EXPECT_FALSE(window.windowIcon().isNull());

    QAction* about = nullptr;
    for (QAction* menu : window.menuBar()->actions())
        if (menu->menu() && menu->text() == QStringLiteral("&Help"))
            for (QAction* action : menu->menu()->actions())
                if (action->text() == QStringLiteral("&About KSE"))
                    about = action;
    ASSERT_NE(about, nullptr) << "no Help → About KSE";
    about->trigger();
    const auto dialogs = window.findChildren<AboutDialog*>();
    ASSERT_EQ(dialogs.size(), 1);
    AboutDialog& box = *dialogs.front();
    EXPECT_TRUE(box.isVisible());
    EXPECT_EQ(box.banner().title(), QStringLiteral("KSE Terminal"));
    const QString details = box.details();
    for (const QString& expected : {QStringLiteral("trader-1"), QStringLiteral("http://127.0.0.1:1"),
                                    QStringLiteral("127.0.0.1:1"), QStringLiteral("librdkafka"),
                                    QString::fromStdString(RdKafka::version_str()), QString::fromLatin1(qVersion())})
        EXPECT_TRUE(details.contains(expected)) << expected.toStdString() << " not in: " << details.toStdString();

    EXPECT_TRUE(box.grab().save(QDir(QStringLiteral(KSE_GUI_ARTIFACTS)).filePath(QStringLiteral("kse-about.png"))));

    // Asked again, it is one box, not two.
    window.showAbout();
    EXPECT_EQ(window.findChildren<AboutDialog*>().size(), 1);
}
