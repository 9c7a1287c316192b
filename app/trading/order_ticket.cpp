#include "trading/order_ticket.h"

#include "domain/price.h"
#include "domain/tick.h"
#include "style/terminal_style.h"
#include "style/theme.h"
#include "trading/market_protection.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSettings>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <algorithm>
#include <type_traits>

namespace kse {
namespace {
constexpr int kBuy = 0, kSell = 1;
}

OrderTicket::OrderTicket(PlatformClient& api, QWidget* parent)
    : QWidget(parent)
    , m_api(api)
    , m_symbol(new QComboBox)
    , m_side(new QButtonGroup(this))
    , m_type(new QComboBox)
    , m_qty(new QSpinBox)
    , m_price(new QLineEdit)
    , m_tif(new QComboBox)
    , m_confirm(new QCheckBox(tr("Confirm before sending")))
    , m_send(new QPushButton)
    , m_message(new QLabel)
    , m_estimate(new QLabel)
    , m_follow(new QTimer(this)) {
    m_follow->setInterval(1'000);
    connect(m_follow, &QTimer::timeout, this, [this] { updateEstimate(); });
    m_symbol->setEditable(true);
    m_symbol->setInsertPolicy(QComboBox::NoInsert);
    auto* buy = new QPushButton(tr("Buy"));
    auto* sell = new QPushButton(tr("Sell"));
    for (auto* b : {buy, sell})
        b->setCheckable(true);
    buy->setChecked(true);
    m_side->addButton(buy, kBuy);
    m_side->addButton(sell, kSell);
    auto* sides = new QHBoxLayout;
    sides->addWidget(buy);
    sides->addWidget(sell);
    m_type->addItems({tr("limit"), tr("market")});
    m_qty->setRange(1, 10'000'000);
    m_qty->setValue(100);
    m_qty->setGroupSeparatorShown(true);
    // A price on the exchange's grid: at most 4 decimals (ticks of 0.0001).
    m_price->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("^\\d{1,8}(\\.\\d{0,4})?$")), m_price));
    m_price->setPlaceholderText(tr("limit price"));
    m_tif->addItems({QStringLiteral("GTC"), QStringLiteral("IOC"), QStringLiteral("FOK")});
    m_confirm->setChecked(true);
    m_message->setWordWrap(true);
    m_estimate->setWordWrap(true);
    style::mute(*m_estimate);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // Two columns of fields, so that the ticket fits a dock as low as the orders beside it.
    auto* grid = new QGridLayout(this);
    const auto field = [grid](int row, int column, const QString& label, auto* what) {
        auto* name = new QLabel(label);
        grid->addWidget(name, row, column * 2);
        if constexpr (std::is_base_of_v<QLayout, std::remove_pointer_t<decltype(what)>>)
            grid->addLayout(what, row, column * 2 + 1);
        else
            grid->addWidget(what, row, column * 2 + 1);
    };
    field(0, 0, tr("Symbol"), m_symbol);
    field(0, 1, tr("Side"), sides);
    field(1, 0, tr("Type"), m_type);
    field(1, 1, tr("Time in force"), m_tif);
    field(2, 0, tr("Quantity"), m_qty);
    field(2, 1, tr("Price"), m_price);
    auto* presetRow = new QHBoxLayout;
    presetRow->setSpacing(2);
    for (int i = 0; i < kPresets; ++i) {
        auto* preset = new QToolButton; // compact: the ticket stays as narrow as its fields
        preset->setObjectName(QStringLiteral("preset-%1").arg(i));
        preset->setAutoRaise(true);
        preset->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(preset, &QToolButton::clicked, this, [this, i] { m_qty->setValue(presets().value(i)); });
        connect(preset, &QToolButton::customContextMenuRequested, this, [this, i, preset](const QPoint& at) {
            QMenu menu;
            menu.addAction(tr("Make this %1").arg(style::quantity(m_qty->value())), this,
                           [this, i] { setPreset(i, m_qty->value()); });
            menu.exec(preset->mapToGlobal(at));
        });
        presetRow->addWidget(preset);
        m_presets << preset;
    }
    grid->addLayout(presetRow, 3, 1);
    grid->addWidget(m_estimate, 4, 0, 1, 4);
    grid->addWidget(m_confirm, 5, 0, 1, 2);
    grid->addWidget(m_send, 5, 2, 1, 2);
    grid->addWidget(m_message, 6, 0, 1, 4);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    grid->setRowStretch(7, 1);
    showPresets();

    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        const bool market = m_type->currentIndex() == 1;
        if (market)
            m_follow->start();
        else
            m_follow->stop();
        m_price->setEnabled(!market);
        if (market)
            m_tif->setCurrentText(QStringLiteral("IOC"));
        m_tif->setEnabled(!market);
        updateButton();
    });
    connect(m_side, &QButtonGroup::idClicked, this, [this] { updateButton(); });
    connect(m_symbol, &QComboBox::currentTextChanged, this, [this] { updateButton(); });
    connect(m_qty, &QSpinBox::valueChanged, this, [this] { updateEstimate(); });
    connect(m_price, &QLineEdit::textChanged, this, [this] { updateEstimate(); });
    connect(m_send, &QPushButton::clicked, this, &OrderTicket::submit);
    auto* shortcut = new QShortcut(QKeySequence(QStringLiteral("Ctrl+Return")), this);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, &OrderTicket::submit);
    updateButton();
}

void OrderTicket::prepare(const QString& symbol, const QString& price, bool buy) {
    m_symbol->setCurrentText(symbol);
    m_side->button(buy ? kBuy : kSell)->setChecked(true);
    if (!price.isEmpty())
        m_price->setText(price);
    updateButton();
}

void OrderTicket::sendLimit(const QString& symbol, const QString& price, bool buy) {
    setMarket(false);
    prepare(symbol, price, buy);
    submit();
}

void OrderTicket::setSymbols(const QStringList& symbols) {
    QStringList items;
    for (int i = 0; i < m_symbol->count(); ++i)
        items << m_symbol->itemText(i);
    if (items == symbols)
        return; // asked again every few seconds: a field being typed into is left alone
    const QString current = m_symbol->currentText();
    {
        const QSignalBlocker quiet(m_symbol); // one button update below, not one per step
        m_symbol->clear();
        m_symbol->addItems(symbols);
        m_symbol->setCurrentText(current.isEmpty() && !symbols.isEmpty() ? symbols.front() : current);
    }
    updateButton();
}

void OrderTicket::setQuantity(int qty) { m_qty->setValue(qty); }
int OrderTicket::quantity() const { return m_qty->value(); }

void OrderTicket::focusQuantity() {
    m_qty->setFocus();
    m_qty->selectAll();
}

QList<int> OrderTicket::presets() const {
    QList<int> out{10, 100, 500, 1'000};
    const QVariantList stored = QSettings().value(QStringLiteral("ticket/presets")).toList();
    for (int i = 0; i < kPresets && i < stored.size(); ++i)
        if (const int qty = stored[i].toInt(); qty >= m_qty->minimum() && qty <= m_qty->maximum())
            out[i] = qty; // a hand-edited value out of range keeps the default
    return out;
}

void OrderTicket::setPreset(int index, int qty) {
    if (index < 0 || index >= kPresets || qty < m_qty->minimum() || qty > m_qty->maximum())
        return;
    QList<int> now = presets();
    now[index] = qty;
    QVariantList stored;
    for (int q : now)
        stored << q;
    QSettings().setValue(QStringLiteral("ticket/presets"), stored);
    showPresets();
}

void OrderTicket::showPresets() {
    const QList<int> quantities = presets();
    for (int i = 0; i < kPresets; ++i) {
        m_presets[i]->setText(style::quantity(quantities[i]));
        m_presets[i]->setToolTip(
            tr("Quantity %1 (right-click to make it the quantity above)").arg(style::quantity(quantities[i])));
    }
}
void OrderTicket::setMarket(bool market) { m_type->setCurrentIndex(market ? 1 : 0); }
void OrderTicket::setHoldings(Holdings holdings) {
    m_holdings = std::move(holdings);
    updateEstimate();
}

void OrderTicket::setMarketProtection(std::optional<std::int64_t> bps) {
    m_protectionBps = bps;
    updateEstimate();
}

void OrderTicket::setLastPrices(std::function<std::optional<std::int64_t>(const QString&)> last) {
    m_last = std::move(last);
    updateEstimate();
}

std::optional<std::int64_t> OrderTicket::protection(const OrderPlacement& order) const {
    if (order.type != OrderType::Market || !m_protectionBps || !m_last)
        return std::nullopt;
    const auto last = m_last(order.symbol);
    return last ? protectionPrice(order.side, *last, *m_protectionBps) : std::nullopt;
}

QString OrderTicket::estimate(const OrderPlacement& order, const Holdings& holdings, bool* exceeds,
                              std::optional<std::int64_t> protection) {
    if (exceeds)
        *exceeds = false;
    const auto flag = [&](bool over) {
        if (exceeds)
            *exceeds = over;
    };
    const bool market = order.type == OrderType::Market;
    const QString protectedAt =
        market && protection ? tr("Protection %1 · ").arg(style::price(*protection)) : QString();
    if (order.side == Side::Sell) {
        const auto it = holdings.shares.find(order.symbol);
        const std::int64_t held = it == holdings.shares.end() ? 0 : it->second;
        flag(order.qty > held);
        return protectedAt +
               tr("%1 %2 → %3 shares")
                   .arg(order.symbol, style::quantity(held), style::quantity(held - std::min(held, order.qty)));
    }
    // A limit buy is worth qty × its limit; a market buy reserves qty × its protection price
    // (what it fills at is known once it fills).
    const std::optional<std::int64_t> per = market ? protection : order.price;
    if (!per)
        return holdings.cash ? tr("Buying power %1").arg(style::money(*holdings.cash)) : QString();
    std::int64_t value = 0;
    if (__builtin_mul_overflow(order.qty, *per, &value)) {
        flag(true);
        return tr("Value beyond any buying power");
    }
    const QString worth = market ? tr("reserves %1").arg(style::money(value)) : tr("Value %1").arg(style::money(value));
    if (!holdings.cash)
        return protectedAt + worth;
    std::int64_t after = 0;
    flag(__builtin_sub_overflow(*holdings.cash, value, &after) || after < 0);
    return protectedAt + tr("%1 · buying power %2 → %3")
                             .arg(worth, style::money(*holdings.cash),
                                  after < 0 ? tr("%1 short").arg(style::money(-after)) : style::money(after));
}

QString OrderTicket::estimateText() const { return m_estimate->text(); }

std::optional<OrderPlacement> OrderTicket::currentOrder() const {
    const bool market = m_type->currentIndex() == 1;
    OrderPlacement order{m_symbol->currentText().trimmed().toUpper(),
                         m_side->checkedId() == kBuy ? Side::Buy : Side::Sell,
                         market ? OrderType::Market : OrderType::Limit,
                         m_qty->value(),
                         std::nullopt,
                         parseTimeInForce(m_tif->currentText().toLower().toStdString()).value_or(TimeInForce::Gtc)};
    if (!market) {
        const auto limit = Price::parse(m_price->text().toStdString());
        if (!limit || limit.value().ticks() <= 0)
            return std::nullopt;
        order.price = limit.value().ticks();
    }
    return order;
}

void OrderTicket::updateEstimate() {
    const auto order = currentOrder();
    bool exceeds = false;
    QString text;
    if (order && !order->symbol.isEmpty()) {
        const auto protectedAt = protection(*order);
        if (order->type == OrderType::Market && m_protectionBps && m_last && !protectedAt) {
            exceeds = true; // the platform would refuse it (docs/orders.md, "The risk check")
            text = tr("No last price for %1 yet: a market order needs one for its protection price").arg(order->symbol);
        } else {
            text = estimate(*order, m_holdings, &exceeds, protectedAt);
        }
    }
    m_estimate->setText(text);
    theme::setState(*m_estimate, exceeds ? "error" : "");
}

QString OrderTicket::confirmation(const OrderPlacement& order) {
    // A limit order's value is known before it is sent: qty × price, unless that overflows.
    std::int64_t value = 0;
    const bool valued = order.price && !__builtin_mul_overflow(order.qty, *order.price, &value);
    const QString at = !order.price ? tr("at market")
                       : valued     ? tr("at %1, value %2").arg(style::price(*order.price), style::money(value))
                                    : tr("at %1").arg(style::price(*order.price));
    return tr("%1 %2 %3 %4?")
        .arg(order.side == Side::Buy ? tr("Buy") : tr("Sell"), style::quantity(order.qty), order.symbol, at);
}

void OrderTicket::setConfirm(bool confirm) { m_confirm->setChecked(confirm); }
QString OrderTicket::message() const { return m_message->text(); }

void OrderTicket::updateButton() {
    const bool buy = m_side->checkedId() == kBuy;
    // The chosen side in its colour; the other as any button of the theme. A palette rather than a
    // style sheet: a sheet draws the unchosen one white whatever the theme.
    for (const int id : {kBuy, kSell}) {
        QAbstractButton* b = m_side->button(id);
        if (!b->isChecked()) {
            b->setPalette(QPalette());
            continue;
        }
        QPalette chosen;
        chosen.setColor(QPalette::Button, style::side(id == kBuy ? Side::Buy : Side::Sell));
        chosen.setColor(QPalette::ButtonText, Qt::white);
        b->setPalette(chosen);
    }
    m_send->setText(
        QStringLiteral("%1 %2").arg(buy ? tr("Buy") : tr("Sell"), m_symbol->currentText().trimmed().toUpper()));
    updateEstimate();
}

void OrderTicket::say(const QString& text, bool error) {
    m_message->setText(text);
    theme::setState(*m_message, error ? "error" : "");
}

void OrderTicket::submit() {
    const QString symbol = m_symbol->currentText().trimmed().toUpper();
    if (auto error = symbolError(symbol.toStdString()))
        return say(tr("Symbol: %1").arg(QString::fromStdString(*error)), true);
    const auto placement = currentOrder();
    if (!placement)
        return say(tr("Enter a limit price above 0."), true);
    const OrderPlacement& order = *placement;
    if (m_confirm->isChecked()) {
        const auto protectedAt = protection(order);
        const QString after = estimate(order, m_holdings, nullptr, protectedAt);
        const QString asked = confirmation(order);
        const QString what = after.isEmpty() ? asked : asked + QLatin1Char('\n') + after;
        if (QMessageBox::question(this, tr("Send order"), what) != QMessageBox::Yes)
            return;
    }
    m_send->setEnabled(false);
    say(tr("Sending…"), false);
    m_api.placeOrder(order, [this](const Result<QString>& id) {
        m_send->setEnabled(true);
        if (!id)
            return say(QString::fromStdString(id.error()), true);
        say(tr("Order %1 sent").arg(id.value()), false);
        Q_EMIT orderPlaced(id.value());
    });
}

} // namespace kse
