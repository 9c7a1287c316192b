#pragma once

#include "contract/order_enums.h"
#include "domain/price.h"
#include "style/number_format.h"

#include <QColor>
#include <QPalette>
#include <QString>
#include <QWidget>
#include <cstdint>
#include <string_view>

// How money and direction look everywhere in the terminal: one green for up, buys and bids, one
// red for down, sells and asks; numbers as style/number_format.h writes them.
namespace kse::style {

inline QColor up() { return {0x26, 0xa6, 0x9a}; }
inline QColor down() { return {0xef, 0x53, 0x50}; }
inline QColor side(Side side) { return side == Side::Buy ? up() : down(); }

// Secondary text (a subtitle, an estimate): drawn in the grey each theme gives the palette's
// PlaceholderText role (MainWindow::setDark sets it for the dark one), so it follows the theme.
inline void mute(QWidget& widget) { widget.setForegroundRole(QPalette::PlaceholderText); }

// A word of the order vocabulary as the contract spells it ("buy", "partially_filled").
inline QString word(std::string_view spelled) {
    return QString::fromLatin1(spelled.data(), static_cast<qsizetype>(spelled.size()));
}

// A price as a field the user may edit takes it, and as CSV writes it: "187.25", "9.5", plain.
inline QString plainPrice(std::int64_t ticks) { return QString::fromStdString(Price::fromTicks(ticks).toString()); }

} // namespace kse::style
