#include "ui/alert_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>

#include "domain/price.h"
#include "style/number_format.h"
#include "style/terminal_style.h"
#include "style/theme.h"

namespace kse {

AlertDialog::AlertDialog(const PriceAlert& start, const QStringList& symbols, LastPrice last, QWidget* parent)
    : QDialog(parent)
    , m_start(start)
    , m_last(std::move(last))
    , m_symbol(new QComboBox)
    , m_kind(new QComboBox)
    , m_value(new QLineEdit)
    , m_error(new QLabel) {
    setWindowTitle(start.symbol.isEmpty() ? tr("New price alert") : tr("Price alert"));
    m_symbol->setEditable(true);
    m_symbol->setInsertPolicy(QComboBox::NoInsert);
    m_symbol->addItems(symbols);
    m_kind->addItems({tr("at or above"), tr("at or below"), tr("moves by (%)")});
    // A price or a percentage on the exchange's grid: at most 4 decimals (2 for a percentage).
    m_value->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("^\\d{1,10}(\\.\\d{0,4})?$")), m_value));
    theme::setState(*m_error, "error");
    m_error->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &AlertDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &AlertDialog::reject);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Symbol"), m_symbol);
    form->addRow(tr("When the last price"), m_kind);
    form->addRow(tr("Price or %"), m_value);
    form->addRow(m_error);
    form->addRow(buttons);
    const QString value = start.kind == PriceAlert::Kind::Move
                              ? QString::number(static_cast<double>(start.basisPoints) / 100.0, 'f', 2)
                              : (start.price > 0 ? style::plainPrice(start.price) : QString());
    setFields(start.symbol, start.kind, value);
}

void AlertDialog::setFields(const QString& symbol, PriceAlert::Kind kind, const QString& value) {
    m_symbol->setCurrentText(symbol);
    m_kind->setCurrentIndex(static_cast<int>(kind));
    m_value->setText(value);
}

std::optional<PriceAlert> AlertDialog::alert(QString* error) const {
    const auto fail = [error](const QString& why) -> std::optional<PriceAlert> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    PriceAlert a = m_start;
    a.symbol = m_symbol->currentText().trimmed().toUpper();
    a.kind = static_cast<PriceAlert::Kind>(m_kind->currentIndex());
    const auto number = Price::parse(m_value->text().toStdString());
    if (!number || number.value().ticks() <= 0)
        return fail(tr("Enter a price (or a percentage) above 0."));
    if (a.kind == PriceAlert::Kind::Move) {
        // A percentage with at most two decimals, in basis points.
        const std::int64_t ticks = number.value().ticks();
        if (ticks % 100 != 0)
            return fail(tr("A move has at most two decimals."));
        a.basisPoints = ticks / 100;
        const auto last = m_last ? m_last(a.symbol) : std::nullopt;
        if (!last)
            return fail(tr("%1 has no last price yet to measure a move from.").arg(a.symbol));
        a.price = *last;
    } else {
        a.price = number.value().ticks();
        a.basisPoints = 0;
    }
    a.firedAt = 0; // set or edited: armed
    a.firedPrice = 0;
    if (auto bad = AlertBook::error(a))
        return fail(*bad);
    return a;
}

void AlertDialog::accept() {
    QString error;
    if (!alert(&error)) {
        m_error->setText(error);
        return;
    }
    QDialog::accept();
}

QString AlertDialog::describe(const PriceAlert& a) {
    switch (a.kind) {
    case PriceAlert::Kind::Above: return tr("%1 at or above %2").arg(a.symbol, style::price(a.price));
    case PriceAlert::Kind::Below: return tr("%1 at or below %2").arg(a.symbol, style::price(a.price));
    case PriceAlert::Kind::Move: {
        const std::vector<std::int64_t> at = a.thresholds();
        return tr("%1 moves %2 % from %3 (%4 or %5)")
            .arg(a.symbol, QString::number(static_cast<double>(a.basisPoints) / 100.0, 'f', 2), style::price(a.price),
                 style::price(at[0]), style::price(at[1]));
    }
    }
    return a.symbol;
}

} // namespace kse
