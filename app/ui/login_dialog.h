#pragma once

#include <QDialog>

#include "api/platform_client.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace kse {

class ProductBanner;

// Signs in (or registers, then signs in) against the platform API at the URL given. Remembers
// the last URL and username — never the password. Opens with the product's name and version.
class LoginDialog : public QDialog {
    Q_OBJECT
public:
    explicit LoginDialog(const QUrl& api, QWidget* parent = nullptr);

    // The client of the session, signed in, once the dialog was accepted.
    PlatformClient* client() const { return m_client; }
    QString username() const;
    const ProductBanner& banner() const { return *m_banner; }

private:
    void submit();
    void signIn();
    void fail(const QString& message);

    QLineEdit* m_url;
    QLineEdit* m_username;
    QLineEdit* m_password;
    QCheckBox* m_register;
    QLabel* m_error;
    ProductBanner* m_banner;
    QPushButton* m_ok;
    PlatformClient* m_client = nullptr;
};

} // namespace kse
