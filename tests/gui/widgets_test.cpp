// Widgets on their own, with no backend: how tables size their columns under live updates, and
// an order ticket whose symbol list is refreshed while the user types, and what its confirmation
// asks.
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>
#include <gtest/gtest.h>
#include <limits>

#include "api/platform_client.h"
#include "domain/price.h"
#include "support/wait.h"
#include "trading/market_protection.h"
#include "trading/order_ticket.h"
#include "trading/orders_model.h"
#include "ui/column_fitter.h"

using namespace kse;

namespace {

struct Table {
    Table() : model(0, 3) {
        model.setHorizontalHeaderLabels({QStringLiteral("Symbol"), QStringLiteral("Last"), QStringLiteral("Note")});
        view.setModel(&model);
        view.horizontalHeader()->setStretchLastSection(true);
        view.resize(800, 300);
        view.show();
    }

    void addRow(const QString& symbol, const QString& last) {
        model.appendRow({new QStandardItem(symbol), new QStandardItem(last), new QStandardItem(QStringLiteral("-"))});
    }

    int width(int column) const { return view.horizontalHeader()->sectionSize(column); }
    int wanted(int column) const {
        return std::max(static_cast<const QAbstractItemView&>(view).sizeHintForColumn(column),
                        view.horizontalHeader()->sectionSizeHint(column));
    }

    QStandardItemModel model;
    QTableView view;
};

} // namespace

TEST(ColumnFitter, FitsNewRowsAtOnceAndChangedValuesAtMostOncePerInterval) {
    Table t;
    auto* fitter = new ColumnFitter(&t.view, 300);
    EXPECT_EQ(t.view.horizontalHeader()->sectionResizeMode(0), QHeaderView::Interactive);
    // Wider than a column's default width, so that fitting shows.
    t.addRow(QStringLiteral("AAPL"), QStringLiteral("187.25 187.25 187.25 187.25"));
    ASSERT_GT(t.wanted(1), 100);
    ASSERT_TRUE(QTest::qWaitFor([&] { return t.width(1) == t.wanted(1); }, 2'000))
        << "a new row is fitted on the next turn";

    // A value three times as wide: not fitted on the change itself, but within the interval.
    t.model.item(0, 1)->setText(QStringLiteral("187.25 187.25 187.25 187.25 187.25 187.25 187.25 187.25"));
    QCoreApplication::processEvents();
    EXPECT_LT(t.width(1), t.wanted(1));
    ASSERT_TRUE(QTest::qWaitFor([&] { return t.width(1) == t.wanted(1); }, 3'000));

    // Narrower values never shrink a column, so that a live table does not jitter.
    const int wide = t.width(1);
    t.model.item(0, 1)->setText(QStringLiteral("1"));
    fitter->fit();
    EXPECT_EQ(t.width(1), wide);
    // New rows fit exactly, narrower than a column's default width too: every column in view.
    t.model.removeRows(0, 1);
    t.addRow(QStringLiteral("A"), QStringLiteral("1"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return t.width(1) == t.wanted(1); }, 2'000));
    EXPECT_LT(t.width(0), 100);
    EXPECT_EQ(t.view.horizontalHeader()->sectionResizeMode(2), QHeaderView::Interactive);
}

TEST(ColumnFitter, AColumnNoWiderThanItsTitleTakesItsFirstValuesAtOnce) {
    Table t;
    new ColumnFitter(&t.view, 60'000, 100);      // values alone would wait a minute
    t.addRow(QStringLiteral("AAPL"), QString()); // no price yet: the column is its title's width
    ASSERT_TRUE(QTest::qWaitFor([&] { return t.width(0) == t.wanted(0); }, 2'000));
    const int empty = t.width(1);
    t.model.item(0, 1)->setText(QStringLiteral("187.25 187.25 187.25 187.25"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return t.width(1) == t.wanted(1); }, 2'000))
        << "the first value of an empty column is not cut for a minute";
    EXPECT_GT(t.width(1), empty);
    // Now wider than its title: a wider value waits for the values' interval again.
    t.model.item(0, 1)->setText(QStringLiteral("187.25 187.25 187.25 187.25 187.25 187.25 187.25 187.25"));
    QCoreApplication::processEvents();
    EXPECT_LT(t.width(1), t.wanted(1));
}

TEST(ColumnFitter, LeavesAColumnTheUserResizedAsTheUserMadeIt) {
    Table t;
    auto* fitter = new ColumnFitter(&t.view, 50);
    t.addRow(QStringLiteral("A-RATHER-LONG-SYMBOL-NAME"), QStringLiteral("1"));
    ASSERT_GT(t.wanted(0), 100);
    ASSERT_TRUE(QTest::qWaitFor([&] { return t.width(0) == t.wanted(0); }, 2'000));
    t.view.horizontalHeader()->resizeSection(0, 60); // as a drag of the header's edge does
    t.addRow(QStringLiteral("AN-EVEN-LONGER-SYMBOL-NAME-THAN-THAT"), QStringLiteral("187.25 187.25 187.25 187.25"));
    fitter->fit();
    EXPECT_EQ(t.width(0), 60);
    EXPECT_EQ(t.width(1), t.wanted(1)); // the others are still fitted
}

TEST(OrderTicket, ARefreshOfTheSameSymbolsLeavesWhatTheUserTypesAlone) {
    PlatformClient api{QUrl(QStringLiteral("http://127.0.0.1:1"))}; // never asked: nothing is sent
    OrderTicket ticket(api);
    ticket.show();
    QComboBox* symbol = nullptr;
    for (QComboBox* c : ticket.findChildren<QComboBox*>())
        if (c->isEditable())
            symbol = c;
    ASSERT_NE(symbol, nullptr);
    const auto sendText = [&] {
        for (QPushButton* b : ticket.findChildren<QPushButton*>())
            if (b->text().startsWith(QStringLiteral("Buy ")))
                return b->text();
        return QString();
    };
    ticket.setSymbols({QStringLiteral("AAPL"), QStringLiteral("MSFT")});
    EXPECT_EQ(symbol->currentText(), QStringLiteral("AAPL"));
    EXPECT_EQ(sendText(), QStringLiteral("Buy AAPL"));

    symbol->lineEdit()->selectAll();
    QTest::keyClicks(symbol->lineEdit(), QStringLiteral("NV"));
    QTest::keyClick(symbol->lineEdit(), Qt::Key_Left); // the user is editing in the middle
    ASSERT_EQ(symbol->lineEdit()->cursorPosition(), 1);
    ticket.setSymbols({QStringLiteral("AAPL"), QStringLiteral("MSFT")}); // the market watch's refresh
    EXPECT_EQ(symbol->currentText(), QStringLiteral("NV"));
    EXPECT_EQ(symbol->lineEdit()->cursorPosition(), 1);
    EXPECT_EQ(sendText(), QStringLiteral("Buy NV"));

    ticket.setSymbols({QStringLiteral("AAPL"), QStringLiteral("MSFT"), QStringLiteral("NVDA")}); // a new listing
    EXPECT_EQ(symbol->count(), 3);
    EXPECT_EQ(symbol->currentText(), QStringLiteral("NV"));
    EXPECT_EQ(sendText(), QStringLiteral("Buy NV"));
}

TEST(OrderTicket, TheConfirmationStatesTheOrderAndItsValueAsMoney) {
    OrderPlacement limit{QStringLiteral("AAPL"), Side::Buy,       OrderType::Limit, 1'000,
                         188 * Price::kScale,    TimeInForce::Gtc};
    EXPECT_EQ(OrderTicket::confirmation(limit), QStringLiteral("Buy 1,000 AAPL at 188.00, value 188,000.00?"));
    OrderPlacement market{QStringLiteral("MSFT"), Side::Sell, OrderType::Market, 5, std::nullopt, TimeInForce::Ioc};
    EXPECT_EQ(OrderTicket::confirmation(market), QStringLiteral("Sell 5 MSFT at market?"));
    // A value beyond int64 is left out rather than wrapped.
    OrderPlacement huge = limit;
    huge.qty = std::numeric_limits<std::int64_t>::max() / 2;
    EXPECT_EQ(OrderTicket::confirmation(huge).endsWith(QStringLiteral("at 188.00?")), true)
        << OrderTicket::confirmation(huge).toStdString();
}

TEST(OrderTicket, TheEstimateSaysWhatTheOrderLeavesOfTheBuyingPowerOrTheShares) {
    const std::int64_t unit = Price::kScale;
    OrderTicket::Holdings holdings{81'260 * unit, {{QStringLiteral("AAPL"), 500}}};
    OrderPlacement buy{QStringLiteral("AAPL"), Side::Buy, OrderType::Limit, 100, 188 * unit, TimeInForce::Gtc};
    bool exceeds = true;
    EXPECT_EQ(OrderTicket::estimate(buy, holdings, &exceeds),
              QStringLiteral("Value 18,800.00 · buying power 81,260.00 → 62,460.00"));
    EXPECT_FALSE(exceeds);
    OrderTicket::Holdings poor{100 * unit, {}};
    EXPECT_EQ(OrderTicket::estimate(buy, poor, &exceeds),
              QStringLiteral("Value 18,800.00 · buying power 100.00 → 18,700.00 short"));
    EXPECT_TRUE(exceeds);
    EXPECT_EQ(OrderTicket::estimate(buy, {}, &exceeds), QStringLiteral("Value 18,800.00")); // cash not known yet

    OrderPlacement marketBuy = buy;
    marketBuy.type = OrderType::Market;
    marketBuy.price.reset();
    EXPECT_EQ(OrderTicket::estimate(marketBuy, holdings), QStringLiteral("Buying power 81,260.00"));

    OrderPlacement sell = buy;
    sell.side = Side::Sell;
    EXPECT_EQ(OrderTicket::estimate(sell, holdings, &exceeds), QStringLiteral("AAPL 500 → 400 shares"));
    EXPECT_FALSE(exceeds);
    sell.qty = 600;
    EXPECT_EQ(OrderTicket::estimate(sell, holdings, &exceeds), QStringLiteral("AAPL 500 → 0 shares"));
    EXPECT_TRUE(exceeds);

    OrderPlacement huge = buy;
    huge.qty = std::numeric_limits<std::int64_t>::max() / 2;
    EXPECT_EQ(OrderTicket::estimate(huge, holdings, &exceeds), QStringLiteral("Value beyond any buying power"));
    EXPECT_TRUE(exceeds);
}

TEST(OrderTicket, TheTicketShowsTheEstimateAsTheTraderTypes) {
    PlatformClient client(QUrl(QStringLiteral("http://127.0.0.1:1")));
    OrderTicket ticket(client);
    ticket.setSymbols({QStringLiteral("AAPL")});
    ticket.prepare(QStringLiteral("AAPL"), QStringLiteral("188"), true);
    ticket.setQuantity(100);
    EXPECT_EQ(ticket.estimateText(), QStringLiteral("Value 18,800.00")); // no portfolio yet
    ticket.setHoldings({81'260 * Price::kScale, {}});
    EXPECT_EQ(ticket.estimateText(), QStringLiteral("Value 18,800.00 · buying power 81,260.00 → 62,460.00"));
    ticket.setQuantity(1'000);
    EXPECT_EQ(ticket.estimateText(), QStringLiteral("Value 188,000.00 · buying power 81,260.00 → 106,740.00 short"));
    ticket.prepare(QStringLiteral("AAPL"), QString(), false); // a sell of shares not held
    EXPECT_EQ(ticket.estimateText(), QStringLiteral("AAPL 0 → 0 shares"));
}

TEST(OrderTicket, AMarketOrderShowsItsProtectionPriceAndWhatItReserves) {
    const std::int64_t unit = Price::kScale;
    // As the platform computes it: 5 % above the last price rounded up, below it rounded down.
    EXPECT_EQ(protectionPrice(Side::Buy, 187'4000, 500), 196'7700);
    EXPECT_EQ(protectionPrice(Side::Buy, 1, 500), 2);
    EXPECT_EQ(protectionPrice(Side::Sell, 187'4000, 500), 178'0300);
    EXPECT_EQ(protectionPrice(Side::Sell, 19, 500), 18);
    EXPECT_EQ(protectionPrice(Side::Sell, 1, 10'000), 1); // never below one tick
    EXPECT_FALSE(protectionPrice(Side::Buy, 0, 500));
    EXPECT_FALSE(protectionPrice(Side::Buy, 100, -1));
    EXPECT_FALSE(protectionPrice(Side::Buy, 100, 10'001));
    EXPECT_FALSE(protectionPrice(Side::Buy, std::numeric_limits<std::int64_t>::max(), 500));

    PlatformClient client(QUrl(QStringLiteral("http://127.0.0.1:1")));
    OrderTicket ticket(client);
    ticket.setSymbols({QStringLiteral("AAPL"), QStringLiteral("NEW")});
    ticket.prepare(QStringLiteral("AAPL"), QString(), true);
    ticket.setMarket(true);
    ticket.setQuantity(100);
    ticket.setHoldings({81'260 * unit, {{QStringLiteral("AAPL"), 500}}});
    EXPECT_EQ(ticket.estimateText(), QStringLiteral("Buying power 81,260.00")); // rules not known yet
    std::int64_t last = 187'4000;
    ticket.setLastPrices([&last](const QString& symbol) {
        return symbol == QStringLiteral("AAPL") ? std::optional(last) : std::nullopt;
    });
    ticket.setMarketProtection(500);
    EXPECT_EQ(ticket.estimateText(),
              QStringLiteral("Protection 196.77 · reserves 19,677.00 · buying power 81,260.00 → 61,583.00"));
    const OrderPlacement buy{QStringLiteral("AAPL"), Side::Buy, OrderType::Market, 100, std::nullopt, TimeInForce::Ioc};
    EXPECT_EQ(ticket.protection(buy), 196'7700);
    last = 200'0000; // the estimate follows the market within a second
    EXPECT_TRUE(kse::test::waitUntil([&] {
        return ticket.estimateText().startsWith(QStringLiteral("Protection 210.00"));
    })) << ticket.estimateText().toStdString();
    ticket.setQuantity(400); // 400 × 210.00 = 84,000.00: more than the buying power
    EXPECT_EQ(ticket.estimateText(),
              QStringLiteral("Protection 210.00 · reserves 84,000.00 · buying power 81,260.00 → 2,740.00 short"));
    ticket.prepare(QStringLiteral("AAPL"), QString(), false);
    EXPECT_EQ(ticket.estimateText(), QStringLiteral("Protection 190.00 · AAPL 500 → 100 shares"));
    ticket.prepare(QStringLiteral("NEW"), QString(), false); // no price yet: the platform would refuse it
    EXPECT_EQ(ticket.estimateText(),
              QStringLiteral("No last price for NEW yet: a market order needs one for its protection price"));
    OrderPlacement limit = buy;
    limit.type = OrderType::Limit;
    limit.price = 188 * unit;
    EXPECT_FALSE(ticket.protection(limit)); // a limit order has its own price
}

TEST(OrdersModel, AMarketOrderShowsTheWorstPriceItMayTradeAt) {
    kse::OrdersModel model;
    OrderRow buy;
    buy.id = QStringLiteral("o-1");
    buy.symbol = QStringLiteral("AAPL");
    buy.type = OrderType::Market;
    buy.protection = 196'7700;
    OrderRow sell = buy;
    sell.id = QStringLiteral("o-2");
    sell.side = Side::Sell;
    sell.protection = 178'0300;
    OrderRow old = buy; // from a platform that does not say
    old.id = QStringLiteral("o-3");
    old.protection = 0;
    model.replace({buy, sell, old});
    const auto price = [&](int row) { return model.data(model.index(row, kse::OrdersModel::Price)).toString(); };
    EXPECT_EQ(price(0), QStringLiteral("market ≤ 196.77"));
    EXPECT_EQ(price(1), QStringLiteral("market ≥ 178.03"));
    EXPECT_EQ(price(2), QStringLiteral("market"));
}
