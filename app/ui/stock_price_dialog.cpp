#include "ui/stock_price_dialog.h"

#include "domain/price.h"
#include "style/theme.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>

namespace kse {

StockPriceDialog::StockPriceDialog(PlatformClient& api, QWidget* parent)
    : QDialog(parent)
    , m_api(api)
    , m_symbol(new QLineEdit)
    , m_price(new QLineEdit)
    , m_volume(new QSpinBox)
    , m_message(new QLabel) {
    setWindowTitle(tr("Submit stock price"));
    m_price->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("^\\d{1,8}(\\.\\d{0,4})?$")), m_price));
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
    const auto price = Price::parse(m_price->text().toStdString());
    if (!price) {
        m_message->setText(tr("Price: %1").arg(QString::fromStdString(price.error())));
        theme::setState(*m_message, "error");
        return;
    }
    PriceSubmission submission{m_symbol->text().trimmed().toUpper(), price.value().ticks(), std::nullopt};
    if (m_volume->value() > 0)
        submission.volume = m_volume->value();
    m_message->setText(tr("Sending…"));
    m_api.submitPrice(submission, [this](const Result<QString>& message) {
        m_message->setText(message ? message.value() : QString::fromStdString(message.error()));
        theme::setState(*m_message, message ? "" : "error");
        if (message)
            Q_EMIT submitted();
    });
}

} // namespace kse
