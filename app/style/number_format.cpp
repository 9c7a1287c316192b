#include "style/number_format.h"

#include <cmath>

#include "domain/price.h"

namespace kse::style {
namespace {

// The magnitude of a signed number, which for the most negative one does not fit its type.
std::uint64_t magnitude(std::int64_t n) {
    return n < 0 ? ~static_cast<std::uint64_t>(n) + 1U : static_cast<std::uint64_t>(n);
}

QString grouped(std::uint64_t whole) {
    QString digits = QString::number(whole);
    for (qsizetype at = digits.size() - 3; at > 0; at -= 3)
        digits.insert(at, QLatin1Char(','));
    return digits;
}

QString withSign(const QString& text, std::int64_t sign, bool plus) {
    if (sign < 0)
        return QLatin1Char('-') + text;
    return sign > 0 && plus ? QLatin1Char('+') + text : text;
}

constexpr auto kScale = static_cast<std::uint64_t>(Price::kScale);
static_assert(Price::kScale == 10'000, "price() writes four decimals at most");

QString unsignedPrice(std::uint64_t ticks) {
    QString decimals = QStringLiteral("%1").arg(ticks % kScale, 4, 10, QLatin1Char('0'));
    while (decimals.size() > 2 && decimals.endsWith(QLatin1Char('0')))
        decimals.chop(1);
    return grouped(ticks / kScale) + QLatin1Char('.') + decimals;
}

// Whole cents, half away from zero.
std::uint64_t cents(std::uint64_t ticks) {
    constexpr std::uint64_t perCent = kScale / 100;
    return ticks / perCent + (ticks % perCent >= perCent / 2 ? 1U : 0U);
}

QString unsignedMoney(std::uint64_t cents) {
    return grouped(cents / 100) + QLatin1Char('.') + QStringLiteral("%1").arg(cents % 100, 2, 10, QLatin1Char('0'));
}

} // namespace

QString price(std::int64_t ticks) { return withSign(unsignedPrice(magnitude(ticks)), ticks, false); }

QString signedPrice(std::int64_t ticks) { return withSign(unsignedPrice(magnitude(ticks)), ticks, true); }

QString money(std::int64_t ticks) {
    const std::uint64_t c = cents(magnitude(ticks));
    return withSign(unsignedMoney(c), c == 0 ? 0 : ticks, false);
}

QString signedMoney(std::int64_t ticks) {
    const std::uint64_t c = cents(magnitude(ticks));
    return withSign(unsignedMoney(c), c == 0 ? 0 : ticks, true);
}

QString quantity(std::int64_t count) { return withSign(grouped(magnitude(count)), count, false); }

QString signedPercent(double percent) {
    if (!std::isfinite(percent))
        return QStringLiteral("—");
    const QString text = QString::number(std::fabs(percent), 'f', 2);
    if (text == QLatin1String("0.00"))
        return QStringLiteral("0.00%");
    return (percent < 0 ? QStringLiteral("-") : QStringLiteral("+")) + text + QLatin1Char('%');
}

} // namespace kse::style
