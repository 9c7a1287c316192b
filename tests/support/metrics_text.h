#pragma once

#include <QByteArray>
#include <QString>

namespace kse::test {

// The value of one sample in a Prometheus text page, e.g. `kse_ticks_published_total`
// or `kse_http_requests_total{route="/api/v1/stock",method="POST",status="201"}`; -1 if absent.
inline double metricValue(const QByteArray& page, const QString& sample) {
    for (const QByteArray& line : page.split('\n')) {
        const QString text = QString::fromUtf8(line);
        if (text.startsWith(sample + QLatin1Char(' ')))
            return text.mid(sample.size() + 1).toDouble();
    }
    return -1;
}

} // namespace kse::test
