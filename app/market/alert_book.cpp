#include "market/alert_book.h"

#include <QObject>
#include <algorithm>

#include "domain/tick.h"

namespace kse {
namespace {

// reference × (1 ± bp / 10,000) in ticks, rounded towards the reference; never wraps: both
// factors are bounded (kMaxPrice × kMaxBasisPoints < 2^63).
std::int64_t moved(std::int64_t reference, std::int64_t basisPoints, bool up) {
    const std::int64_t delta = reference * basisPoints / 10'000;
    return up ? reference + delta : reference - delta;
}

} // namespace

std::vector<std::int64_t> PriceAlert::thresholds() const {
    if (kind != Kind::Move)
        return {price};
    return {moved(price, basisPoints, false), moved(price, basisPoints, true)};
}

std::optional<QString> AlertBook::error(const PriceAlert& alert) {
    if (auto bad = symbolError(alert.symbol.toStdString()))
        return QObject::tr("Symbol: %1").arg(QString::fromStdString(*bad));
    if (alert.price <= 0 || alert.price > kMaxPrice)
        return QObject::tr("a price above 0 and at most 10,000,000,000");
    if (alert.kind == PriceAlert::Kind::Move && (alert.basisPoints <= 0 || alert.basisPoints > kMaxBasisPoints))
        return QObject::tr("a move above 0 % and at most 100 %");
    return std::nullopt;
}

std::optional<QString> AlertBook::put(const PriceAlert& alert) {
    if (auto bad = error(alert))
        return bad;
    if (alert.id.isEmpty())
        return QObject::tr("an alert needs an id");
    const auto it =
        std::find_if(m_alerts.begin(), m_alerts.end(), [&](const PriceAlert& a) { return a.id == alert.id; });
    if (it != m_alerts.end()) {
        *it = alert;
        return std::nullopt;
    }
    if (m_alerts.size() >= kMaxAlerts)
        return QObject::tr("at most %1 alerts: remove one first").arg(kMaxAlerts);
    m_alerts.push_back(alert);
    return std::nullopt;
}

void AlertBook::remove(const QString& id) {
    std::erase_if(m_alerts, [&](const PriceAlert& a) { return a.id == id; });
}

void AlertBook::rearm(const QString& id, std::int64_t reference) {
    for (PriceAlert& a : m_alerts)
        if (a.id == id) {
            a.firedAt = 0;
            a.firedPrice = 0;
            if (a.kind == PriceAlert::Kind::Move && reference > 0 && reference <= kMaxPrice)
                a.price = reference; // a move is measured from now again
        }
}

const PriceAlert* AlertBook::find(const QString& id) const {
    const auto it = std::find_if(m_alerts.begin(), m_alerts.end(), [&](const PriceAlert& a) { return a.id == id; });
    return it == m_alerts.end() ? nullptr : &*it;
}

std::vector<PriceAlert> AlertBook::forSymbol(const QString& symbol) const {
    std::vector<PriceAlert> out;
    std::copy_if(m_alerts.begin(), m_alerts.end(), std::back_inserter(out),
                 [&](const PriceAlert& a) { return a.symbol == symbol; });
    return out;
}

std::vector<PriceAlert> AlertBook::observe(const QString& symbol, std::int64_t last, std::int64_t ms) {
    std::vector<PriceAlert> fired;
    if (last <= 0)
        return fired;
    for (PriceAlert& a : m_alerts) {
        if (!a.armed() || a.symbol != symbol)
            continue;
        const std::vector<std::int64_t> at = a.thresholds();
        const bool fires = a.kind == PriceAlert::Kind::Above   ? last >= at[0]
                           : a.kind == PriceAlert::Kind::Below ? last <= at[0]
                                                               : last <= at[0] || last >= at[1];
        if (!fires)
            continue;
        a.firedAt = std::max<std::int64_t>(ms, 1);
        a.firedPrice = last;
        fired.push_back(a);
    }
    return fired;
}

} // namespace kse
