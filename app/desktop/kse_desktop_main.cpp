#include <QApplication>
#include <QCommandLineParser>
#include <QUrl>
#include <cstdio>

#include "log/logger.h"
#include "ui/login_dialog.h"
#include "ui/main_window.h"

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("kse-desktop"));
    QApplication::setOrganizationName(QStringLiteral("kse"));
    QApplication::setApplicationVersion(QStringLiteral(KSE_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The KSE trading terminal."));
    const QCommandLineOption api(QStringLiteral("api"), QStringLiteral("Platform API (default http://127.0.0.1:8080)."),
                                 QStringLiteral("URL"), QStringLiteral("http://127.0.0.1:8080"));
    const QCommandLineOption brokers(QStringLiteral("brokers"),
                                     QStringLiteral("Kafka bootstrap servers (default: as GET /api/v1/config says)."),
                                     QStringLiteral("HOST:PORT[,...]"));
    parser.addOptions({api, brokers});
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);
    const QUrl url(parser.value(api), QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("http")) {
        std::fputs("kse-desktop: --api must be an http:// URL\n", stderr);
        return 2;
    }

    kse::Logger logger(kse::LogLevel::Warning);
    kse::LoginDialog login(url);
    if (login.exec() != QDialog::Accepted)
        return 0;
    kse::MainWindow window({login.username(), parser.value(brokers)}, *login.client(), logger);
    window.show();
    return QApplication::exec();
}
