#pragma once

#include <QString>
#include <cstdint>

// The terminal's one way of writing numbers (docs/desktop.md, "Numbers"): digits grouped by
// thousands with ',' and '.' before the decimals, whatever the system's locale, so that a figure
// reads the same in every table, the ticket, the dialogs and a screenshot. Exact: prices and
// money are written from their ticks (Price::kScale to the unit), never through a double. Fields a
// user edits, and CSV exports, keep the plain machine form (Price::toString).
namespace kse::style {

// A price as the exchange knows it: 2 to 4 decimals, as many as it has ("9.50", "101.2345",
// "1,234.50"); "-" before a negative one.
QString price(std::int64_t ticks);
// A price move: "+1.25", "-0.50", "0.00".
QString signedPrice(std::int64_t ticks);
// An amount of money: two decimals, rounded half away from zero ("81,260.00", "-12.35").
QString money(std::int64_t ticks);
// Profit or loss: "+1,234.50", "-12.35", "0.00".
QString signedMoney(std::int64_t ticks);
// A count of shares or of anything else: "1,000,000".
QString quantity(std::int64_t count);
// A percentage with two decimals and its sign: "+1.23%", "-0.40%", "0.00%".
QString signedPercent(double percent);

} // namespace kse::style
