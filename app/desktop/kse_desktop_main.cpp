#include <QApplication>
#include <QCommandLineParser>
#include <QUrl>
#include <cstdio>

#include "kafka/kafka_client_config.h"
#include "log/logger.h"
#include "ui/login_dialog.h"
#include "ui/main_window.h"
#include "ui/product_identity.h"

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("kse-desktop"));
    QApplication::setOrganizationName(QStringLiteral("kse"));
    QApplication::setApplicationVersion(QStringLiteral(KSE_VERSION));
    QApplication::setApplicationDisplayName(kse::product::name());
    QApplication::setWindowIcon(kse::product::icon());
    QGuiApplication::setDesktopFileName(QStringLiteral("kse-desktop")); // resources/kse-desktop.desktop
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The KSE trading terminal."));
    const QCommandLineOption api(QStringLiteral("api"), QStringLiteral("Platform API (default http://127.0.0.1:8080)."),
                                 QStringLiteral("URL"), QStringLiteral("http://127.0.0.1:8080"));
    const QCommandLineOption brokers(QStringLiteral("brokers"),
                                     QStringLiteral("Kafka bootstrap servers (default: as GET /api/v1/config says)."),
                                     QStringLiteral("HOST:PORT[,...]"));
    const QCommandLineOption kafkaConfig(
        QStringLiteral("kafka-config"),
        QStringLiteral("librdkafka properties for the Kafka readers, key=value lines (env KSE_KAFKA_CONFIG): "
                       "security and tuning; its bootstrap.servers names the brokers when --brokers does not."),
        QStringLiteral("FILE"));
    parser.addOptions({api, brokers, kafkaConfig});
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);
    const QUrl url(parser.value(api), QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("http")) {
        std::fputs("kse-desktop: --api must be an http:// URL\n", stderr);
        return 2;
    }

    kse::MainWindow::Options options{{}, parser.value(brokers), {}};
    const QString kafkaConfigPath =
        parser.isSet(kafkaConfig) ? parser.value(kafkaConfig) : qEnvironmentVariable("KSE_KAFKA_CONFIG");
    if (!kafkaConfigPath.isEmpty()) {
        const auto kafka = kse::KafkaClientConfig::load(kafkaConfigPath.toStdString());
        if (!kafka) {
            std::fprintf(stderr, "kse-desktop: --kafka-config: %s\n", kafka.error().c_str());
            return 2;
        }
        options.kafkaProperties = kafka.value().properties;
        if (options.brokers.isEmpty())
            options.brokers = QString::fromStdString(kafka.value().brokers);
    }

    kse::Logger logger(kse::LogLevel::Warning);
    kse::LoginDialog login(url);
    if (login.exec() != QDialog::Accepted)
        return 0;
    options.username = login.username();
    kse::MainWindow window(std::move(options), *login.client(), logger);
    window.show();
    return QApplication::exec();
}
