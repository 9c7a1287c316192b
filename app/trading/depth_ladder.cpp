#include "trading/depth_ladder.h"

#include "style/terminal_style.h"
#include "style/theme.h"

#include <QBrush>
#include <QColor>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace kse {
namespace {

constexpr int kRefreshMs = 500;
constexpr int kDepth = 10;

} // namespace

DepthModel::DepthModel(QObject* parent) : QAbstractTableModel(parent) {}

int DepthModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_book.asks.size() + m_book.bids.size());
}

int DepthModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant DepthModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* kNames[] = {"Bid qty", "Price", "Ask qty"};
    return section >= 0 && section < ColumnCount ? QVariant(QString::fromLatin1(kNames[section])) : QVariant();
}

QVariant DepthModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto asks = static_cast<int>(m_book.asks.size());
    const bool ask = index.row() < asks;
    // Asks are shown worst first, so that the best ask sits right above the best bid.
    const auto& level = ask ? m_book.asks[static_cast<std::size_t>(asks - 1 - index.row())]
                            : m_book.bids[static_cast<std::size_t>(index.row() - asks)];
    if (role == PriceRole)
        return QVariant::fromValue<qlonglong>(level.first);
    if (role == IsAskRole)
        return ask;
    const auto column = static_cast<Column>(index.column());
    if (role == Qt::DisplayRole) {
        if (column == Price)
            return style::price(level.first);
        if ((column == AskQty && ask) || (column == BidQty && !ask))
            return style::quantity(level.second);
        return {};
    }
    if (role == Qt::ForegroundRole && column == Price)
        return QBrush(ask ? style::down() : style::up());
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(Qt::AlignCenter);
    return {};
}

void DepthModel::replace(const BookDepth& book) {
    if (book.bids.size() == m_book.bids.size() && book.asks.size() == m_book.asks.size()) {
        m_book = book;
        if (rowCount() > 0)
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_book = book;
    endResetModel();
}

DepthLadder::DepthLadder(PlatformClient& api, QWidget* parent)
    : QWidget(parent)
    , m_api(api)
    , m_title(new QLabel(tr("Choose a symbol in the market watch")))
    , m_view(new QTableView)
    , m_clickTrade(new QToolButton) {
    m_view->setModel(&m_model);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSelectionMode(QAbstractItemView::NoSelection);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    m_clickTrade->setObjectName(QStringLiteral("click-to-trade"));
    m_clickTrade->setText(tr("Click to trade"));
    m_clickTrade->setCheckable(true);
    m_clickTrade->setToolTip(tr("On: a click in the Bid column sends a buy limit at that price, in the Ask column "
                                "a sell limit, with the ticket's quantity (and its confirmation, if ticked)"));
    // Armed, it is hard to miss: amber (resources/styles/terminal.qss).
    m_clickTrade->setIcon(theme::image(QStringLiteral("bolt"), 16, this));
    m_clickTrade->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto* top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_clickTrade);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    connect(m_view, &QTableView::clicked, this, [this](const QModelIndex& index) {
        const QString price = style::plainPrice(index.data(DepthModel::PriceRole).toLongLong());
        if (clickTrading() && index.column() != DepthModel::Price) {
            Q_EMIT tradeRequested(m_symbol, price, index.column() == DepthModel::BidQty);
            return;
        }
        Q_EMIT priceChosen(m_symbol, price, index.data(DepthModel::IsAskRole).toBool());
    });
    m_timer.setInterval(kRefreshMs);
    connect(&m_timer, &QTimer::timeout, this, &DepthLadder::refresh);
}

void DepthLadder::setSymbol(const QString& symbol) {
    if (symbol == m_symbol)
        return;
    m_symbol = symbol;
    m_title->setText(tr("%1 — best %2 levels a side").arg(symbol).arg(kDepth));
    m_model.replace(BookDepth{symbol, {}, {}, 0});
    refresh();
    if (m_polling)
        m_timer.start();
    Q_EMIT symbolChanged(symbol);
}

void DepthLadder::setClickTrading(bool on) { m_clickTrade->setChecked(on); }
bool DepthLadder::clickTrading() const { return m_clickTrade->isChecked(); }

void DepthLadder::setPolling(bool on) {
    m_polling = on;
    if (on && !m_symbol.isEmpty())
        m_timer.start();
    else
        m_timer.stop();
}

void DepthLadder::showBook(const BookDepth& book) {
    if (book.symbol != m_symbol)
        return;
    BookDepth shown = book;
    shown.bids.resize(std::min<std::size_t>(shown.bids.size(), kDepth));
    shown.asks.resize(std::min<std::size_t>(shown.asks.size(), kDepth));
    m_title->setText(tr("%1 — best %2 levels a side").arg(m_symbol).arg(kDepth));
    m_model.replace(shown);
}

void DepthLadder::refresh() {
    if (m_symbol.isEmpty() || m_refreshing || !isVisible())
        return;
    m_refreshing = true;
    const QString symbol = m_symbol;
    m_api.book(symbol, kDepth, [this, symbol](const Result<BookDepth>& book) {
        m_refreshing = false;
        if (symbol != m_symbol)
            return; // the user moved on meanwhile
        if (!book) {
            m_title->setText(tr("%1 — %2").arg(symbol, QString::fromStdString(book.error())));
            return;
        }
        m_title->setText(tr("%1 — best %2 levels a side").arg(symbol).arg(kDepth));
        m_model.replace(book.value());
    });
}

} // namespace kse
