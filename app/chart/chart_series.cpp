#include "chart/chart_series.h"

#include "domain/interval.h"

namespace kse {

std::int64_t intervalMs(const QString& interval) {
    const auto parsed = parseInterval(interval.toStdString());
    return parsed ? durationMs(*parsed) : 0;
}

} // namespace kse
