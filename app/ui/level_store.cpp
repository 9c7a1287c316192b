#include "ui/level_store.h"

#include <QSettings>
#include <QStringList>
#include <QUrl>
#include <algorithm>

namespace kse {
namespace {
constexpr std::int64_t kMaxPrice = 100'000'000'000'000; // ticks: far above any price the API takes
QString key(const QString& text) { return QString::fromLatin1(QUrl::toPercentEncoding(text)); }
} // namespace

LevelStore::LevelStore(const QString& user) : m_group(QStringLiteral("users/%1/levels/").arg(key(user))) {}

std::vector<std::int64_t> LevelStore::levels(const QString& symbol) const {
    std::vector<std::int64_t> out;
    for (const QString& text : QSettings().value(m_group + key(symbol)).toStringList()) {
        bool ok = false;
        const qlonglong price = text.toLongLong(&ok);
        if (ok && price > 0 && price <= kMaxPrice)
            out.push_back(price);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (out.size() > kMaxLevels)
        out.resize(kMaxLevels);
    return out;
}

bool LevelStore::add(const QString& symbol, std::int64_t price) {
    if (price <= 0 || price > kMaxPrice)
        return false;
    std::vector<std::int64_t> now = levels(symbol);
    if (std::find(now.begin(), now.end(), price) != now.end())
        return true;
    if (now.size() >= kMaxLevels)
        return false;
    now.push_back(price);
    std::sort(now.begin(), now.end());
    store(symbol, now);
    return true;
}

void LevelStore::remove(const QString& symbol, std::int64_t price) {
    std::vector<std::int64_t> now = levels(symbol);
    now.erase(std::remove(now.begin(), now.end(), price), now.end());
    store(symbol, now);
}

void LevelStore::store(const QString& symbol, const std::vector<std::int64_t>& levels) {
    QStringList texts;
    for (std::int64_t price : levels)
        texts << QString::number(price);
    QSettings settings;
    if (texts.isEmpty())
        settings.remove(m_group + key(symbol));
    else
        settings.setValue(m_group + key(symbol), texts);
}

} // namespace kse
