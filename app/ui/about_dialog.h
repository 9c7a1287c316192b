#pragma once

#include <QDialog>
#include <QString>

class QLabel;

namespace kse {

class ProductBanner;

// Help → About: the product, its version, what it runs on (Qt, librdkafka) and what this session
// is connected to, so a user can tell support exactly what they run.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    struct Session {
        QString username;
        QString api;
        QString brokers; // empty while not known
    };

    explicit AboutDialog(const Session& session, QWidget* parent = nullptr);

    const ProductBanner& banner() const { return *m_banner; }
    QString details() const; // the text under the banner, as plain text

private:
    ProductBanner* m_banner;
    QLabel* m_details;
};

} // namespace kse
