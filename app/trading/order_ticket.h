#pragma once

#include <QWidget>

#include "api/platform_client.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTimer;
class QToolButton;

namespace kse {

// Buy or sell: symbol, side, limit or market, quantity, price (up to 4 decimals, prefilled from
// the market), time in force. Asks for confirmation unless told not to; shows the API's answer
// — the order id, or its reason for refusing — below. Ctrl+Return sends. Under the price, what
// the order is worth and what it leaves of the buying power (or of the shares held); for a
// market order, its protection price (the worst price it may trade at, docs/orders.md).
class OrderTicket : public QWidget {
    Q_OBJECT
public:
    explicit OrderTicket(PlatformClient& api, QWidget* parent = nullptr);

    // Chooses a symbol (and side), with the price field set to `price` when one is known.
    void prepare(const QString& symbol, const QString& price, bool buy = true);
    // Click to trade: a limit order at `price` with the quantity and time in force in the
    // ticket, sent at once (after the confirmation, if ticked).
    void sendLimit(const QString& symbol, const QString& price, bool buy);
    void setSymbols(const QStringList& symbols);
    void setQuantity(int qty);
    int quantity() const;
    void focusQuantity();
    // The quantity buttons under the quantity (10, 100, 500 and 1,000 at first): a click sets the
    // quantity; "Make this N" on the right button sets the button to the quantity in the field.
    // Kept in the application's settings.
    static constexpr int kPresets = 4;
    QList<int> presets() const;
    void setPreset(int index, int qty);
    void setMarket(bool market);
    // What the trader holds, for the estimate under the price: the cash available (buying
    // power) and, per symbol, the shares not already promised to resting sells.
    struct Holdings {
        std::optional<std::int64_t> cash; // ticks; unknown until the portfolio is read
        std::map<QString, std::int64_t> shares;
    };
    void setHoldings(Holdings holdings);
    // What a market order's protection price needs: its distance from the reference in basis
    // points (GET /api/v1/config) and the symbol's last price, in ticks, when there is one.
    void setMarketProtection(std::optional<std::int64_t> bps);
    void setLastPrices(std::function<std::optional<std::int64_t>(const QString& symbol)> last);
    // The protection price the platform will give this market order, as far as the ticket knows.
    std::optional<std::int64_t> protection(const OrderPlacement& order) const;
    // What the order does to the holdings: "Value 18,800.00 · buying power 81,260.00 →
    // 62,460.00", "AAPL 500 → 400 shares"; a market order with its protection price starts with
    // "Protection 196.77 · ", and a market buy "reserves" qty × that price. Empty when nothing is known; `exceeds` (if
    // given) is set when the order asks for more cash or shares than are available.
    static QString estimate(const OrderPlacement& order, const Holdings& holdings, bool* exceeds = nullptr,
                            std::optional<std::int64_t> protection = std::nullopt);
    QString estimateText() const;
    // What the confirmation asks, above the estimate: "Buy 1,000 AAPL at 188.00, value
    // 188,000.00?", "Buy 100 AAPL at market?" (its protection price in the estimate below).
    static QString confirmation(const OrderPlacement& order);
    void setConfirm(bool confirm);
    QString message() const;

    void submit();

Q_SIGNALS:
    void orderPlaced(const QString& orderId);

private:
    void updateButton();
    void updateEstimate();
    std::optional<OrderPlacement> currentOrder() const; // none while the price does not parse
    void say(const QString& text, bool error);
    void showPresets();

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
    QLabel* m_estimate;
    QList<QToolButton*> m_presets;
    QTimer* m_follow; // a market order's estimate follows the last price
    Holdings m_holdings;
    std::optional<std::int64_t> m_protectionBps;
    std::function<std::optional<std::int64_t>(const QString&)> m_last;
};

} // namespace kse
