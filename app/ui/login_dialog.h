#pragma once

#include <QDialog>

#include "api/platform_client.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace kse {

// Signs in (or registers, then signs in) against the platform API at the URL given. Remembers
// the last URL and username — never the password.
class LoginDialog : public QDialog {
    Q_OBJECT
public:
    explicit LoginDialog(const QUrl& api, QWidget* parent = nullptr);

    // The client of the session, signed in, once the dialog was accepted.
    PlatformClient* client() const { return m_client; }
    QString username() const;

private:
    void submit();
    void signIn();
    void fail(const QString& message);

    QLineEdit* m_url;
    QLineEdit* m_username;
    QLineEdit* m_password;
    QCheckBox* m_register;
    QLabel* m_error;
    QPushButton* m_ok;
    PlatformClient* m_client = nullptr;
};

} // namespace kse
