#include "ui/alert_store.h"

#include <QSettings>
#include <QStringList>
#include <QUrl>
#include <algorithm>

namespace kse {

AlertStore::AlertStore(const QString& user)
    : m_key(QStringLiteral("users/%1/alerts").arg(QString::fromLatin1(QUrl::toPercentEncoding(user)))) {}

AlertBook AlertStore::load() const {
    AlertBook book;
    for (const QString& text : QSettings().value(m_key).toStringList()) {
        const QStringList f = text.split(QLatin1Char('|'));
        if (f.size() != 7)
            continue;
        const int kind = f[2].toInt();
        if (kind < 0 || kind > 2)
            continue;
        PriceAlert alert{f[0],
                         f[1],
                         static_cast<PriceAlert::Kind>(kind),
                         f[3].toLongLong(),
                         f[4].toLongLong(),
                         std::max<qlonglong>(0, f[5].toLongLong()),
                         std::max<qlonglong>(0, f[6].toLongLong())};
        (void)book.put(alert); // refused: dropped
    }
    return book;
}

void AlertStore::save(const AlertBook& book) {
    QStringList texts;
    for (const PriceAlert& a : book.alerts())
        texts << QStringLiteral("%1|%2|%3|%4|%5|%6|%7")
                     .arg(a.id, a.symbol)
                     .arg(static_cast<int>(a.kind))
                     .arg(a.price)
                     .arg(a.basisPoints)
                     .arg(a.firedAt)
                     .arg(a.firedPrice);
    QSettings().setValue(m_key, texts);
}

} // namespace kse
