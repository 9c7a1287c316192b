#pragma once

#include <QDialog>
#include <functional>
#include <optional>

#include "market/alert_book.h"

class QComboBox;
class QLabel;
class QLineEdit;

namespace kse {

// Sets or edits a price alert: the symbol, the condition (at or above, at or below, moves by
// a percentage either way from the last price) and its price or percentage.
class AlertDialog : public QDialog {
    Q_OBJECT
public:
    using LastPrice = std::function<std::optional<std::int64_t>(const QString& symbol)>;

    AlertDialog(const PriceAlert& start, const QStringList& symbols, LastPrice last, QWidget* parent = nullptr);

    // The alert the fields describe (the id of `start`), or the reason it cannot be set.
    std::optional<PriceAlert> alert(QString* error = nullptr) const;
    void setFields(const QString& symbol, PriceAlert::Kind kind, const QString& value);
    void accept() override;

    // What an alert watches, in words: "AAPL at or above 190.00", "AAPL moves 2.50 % from 187.34".
    static QString describe(const PriceAlert& alert);

private:
    PriceAlert m_start;
    LastPrice m_last;
    QComboBox* m_symbol;
    QComboBox* m_kind;
    QLineEdit* m_value;
    QLabel* m_error;
};

} // namespace kse
