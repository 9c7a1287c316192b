#include "ui/stock_price_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>

namespace kse {

StockPriceDialog::StockPriceDialog(PlatformClient& api, QWidget* parent)
    : QDialog(parent), m_api(api), m_symbol(new QLineEdit), m_price(new QLineEdit), m_volume(new QSpinBox), m_message(new QLabel) {
    setWindowTitle(tr("Submit stock price"));
    m_price->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("^\\d{1,8}(\\.\\d{0,4})?$")), m_price));
    m_volume->setRange(0, 1'000'000'000);
    m_volume->setSpecialValueText(tr("none"));
    m_message->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("Symbol"), m_symbol);
    form->addRow(tr("Price"), m_price);
    form->addRow(tr("Volume"), m_volume);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Close);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Submit"));
    connect(buttons, &QDialogButtonBox::accepted, this, &StockPriceDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
}

void StockPriceDialog::fill(const QString& symbol, const QString& price, int volume) {
    m_symbol->setText(symbol);
    m_price->setText(price);
    m_volume->setValue(volume);
}

QString StockPriceDialog::message() const { return m_message->text(); }

void StockPriceDialog::submit() {
    QJsonObject body{{QStringLiteral("id"), 1},
                     {QStringLiteral("name"), m_symbol->text().trimmed().toUpper()},
                     {QStringLiteral("price"), m_price->text().toDouble()}};
    if (m_volume->value() > 0)
        body.insert(QStringLiteral("volume"), m_volume->value());
    m_message->setText(tr("Sending…"));
    m_api.post(QStringLiteral("/api/v1/stock"), QJsonDocument(body), [this](const PlatformClient::Reply& reply) {
        m_message->setText(reply.ok() ? reply.json.object().value(QLatin1String("message")).toString() : reply.error);
        m_message->setStyleSheet(reply.ok() ? QString() : QStringLiteral("color: #ef5350"));
        if (reply.ok())
            Q_EMIT submitted();
    });
}

} // namespace kse
