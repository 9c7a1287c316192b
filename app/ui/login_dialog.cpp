#include "ui/login_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include "style/theme.h"
#include "ui/product_banner.h"

namespace kse {

LoginDialog::LoginDialog(const QUrl& api, QWidget* parent)
    : QDialog(parent)
    , m_url(new QLineEdit)
    , m_username(new QLineEdit)
    , m_password(new QLineEdit)
    , m_register(new QCheckBox(tr("Create this account first")))
    , m_error(new QLabel)
    , m_banner(new ProductBanner) {
    setWindowTitle(tr("Sign in to KSE"));
    const QSettings settings;
    m_url->setText(settings.value(QStringLiteral("login/url"), api.toString()).toString());
    m_username->setText(settings.value(QStringLiteral("login/username")).toString());
    m_password->setEchoMode(QLineEdit::Password);
    theme::setState(*m_error, "error");
    m_error->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("Server"), m_url);
    form->addRow(tr("Username"), m_username);
    form->addRow(tr("Password"), m_password);
    form->addRow(QString(), m_register);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Sign in"));
    connect(buttons, &QDialogButtonBox::accepted, this, &LoginDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    (m_username->text().isEmpty() ? m_username : m_password)->setFocus();
}

QString LoginDialog::username() const { return m_username->text().trimmed(); }

void LoginDialog::fail(const QString& message) {
    m_error->setText(message);
    m_ok->setEnabled(true);
}

void LoginDialog::submit() {
    const QUrl url(m_url->text().trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("http") || url.host().isEmpty())
        return fail(tr("The server must be an http:// address."));
    if (username().isEmpty() || m_password->text().isEmpty())
        return fail(tr("Enter a username and a password."));
    m_ok->setEnabled(false);
    m_error->setText(tr("Signing in…"));
    delete m_client;
    m_client = new PlatformClient(url, this);
    if (!m_register->isChecked())
        return signIn();
    m_client->registerUser(username(), m_password->text(), [this](const PlatformClient::Reply& reply) {
        if (!reply.ok())
            return fail(tr("Cannot create the account: %1").arg(reply.error));
        signIn();
    });
}

void LoginDialog::signIn() {
    m_client->login(username(), m_password->text(), [this](const PlatformClient::Reply& reply) {
        if (!reply.ok())
            return fail(reply.status == 0 ? tr("Cannot reach the server: %1").arg(reply.error) : reply.error);
        QSettings settings;
        settings.setValue(QStringLiteral("login/url"), m_client->api().toString());
        settings.setValue(QStringLiteral("login/username"), username());
        m_password->clear();
        accept();
    });
}

} // namespace kse
