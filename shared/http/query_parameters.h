#pragma once

#include <QHttpServerResponse>
#include <QString>
#include <QUrlQuery>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kse {

// An integer query parameter within [min, max], nothing when absent; HttpError 400 otherwise.
std::optional<std::int64_t> integerParameter(const QUrlQuery& query, const QString& name, std::int64_t min,
                                             std::int64_t max);

// A JSON array of already encoded JSON values.
QHttpServerResponse jsonArray(const std::vector<std::string>& items);

} // namespace kse
