#pragma once

#include <QDialog>

#include "api/platform_client.h"

class QLabel;
class QLineEdit;
class QSpinBox;

namespace kse {

// For admins: submit a stock price (POST /api/v1/stock, the ingestor's rules); the API's
// answer, or its reason for refusing, shows in the dialog.
class StockPriceDialog : public QDialog {
    Q_OBJECT
public:
    explicit StockPriceDialog(PlatformClient& api, QWidget* parent = nullptr);
    void fill(const QString& symbol, const QString& price, int volume);
    void submit();
    QString message() const;

Q_SIGNALS:
    void submitted();

private:
    PlatformClient& m_api;
    QLineEdit* m_symbol;
    QLineEdit* m_price;
    QSpinBox* m_volume;
    QLabel* m_message;
};

} // namespace kse
