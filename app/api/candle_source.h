#pragma once

#include <QString>
#include <QUrl>
#include <optional>

#include "chart/chart_series.h"
#include "domain/result.h"

namespace kse {

// Candles from the platform API (GET /api/v1/stocks/{symbol}/candles), waited for: for
// command-line tools, which have no event loop of their own to keep running.
class CandleSource {
public:
    struct Query {
        QString symbol;
        QString interval = QStringLiteral("1m");
        std::optional<qint64> from, to; // ms since the epoch
        int limit = 500;
    };

    CandleSource(QUrl api, int timeoutMs = 15'000) : m_api(std::move(api)), m_timeoutMs(timeoutMs) {}
    Result<ChartSeries> fetch(const Query& query) const;

private:
    QUrl m_api;
    int m_timeoutMs;
};

} // namespace kse
