#pragma once

#include <QWidget>

#include "api/platform_client.h"

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace kse {

// Buy or sell: symbol, side, limit or market, quantity, price (up to 4 decimals, prefilled from
// the market), time in force. Asks for confirmation unless told not to; shows the API's answer
// — the order id, or its reason for refusing — below. Ctrl+Return sends.
class OrderTicket : public QWidget {
    Q_OBJECT
public:
    explicit OrderTicket(PlatformClient& api, QWidget* parent = nullptr);

    // Chooses a symbol (and side), with the price field set to `price` when one is known.
    void prepare(const QString& symbol, const QString& price, bool buy = true);
    void setSymbols(const QStringList& symbols);
    void setQuantity(int qty);
    void setMarket(bool market);
    // What the confirmation asks: "Buy 1,000 AAPL at 188.00, value 188,000.00?".
    static QString confirmation(const OrderPlacement& order);
    void setConfirm(bool confirm);
    QString message() const;

    void submit();

Q_SIGNALS:
    void orderPlaced(const QString& orderId);

private:
    void updateButton();
    void say(const QString& text, bool error);

    PlatformClient& m_api;
    QComboBox* m_symbol;
    QButtonGroup* m_side;
    QComboBox* m_type;
    QSpinBox* m_qty;
    QLineEdit* m_price;
    QComboBox* m_tif;
    QCheckBox* m_confirm;
    QPushButton* m_send;
    QLabel* m_message;
};

} // namespace kse
