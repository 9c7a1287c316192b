#include "http/query_parameters.h"

#include "http/http_error.h"

namespace kse {

std::optional<std::int64_t> integerParameter(const QUrlQuery& query, const QString& name, std::int64_t min,
                                             std::int64_t max) {
    if (!query.hasQueryItem(name))
        return std::nullopt;
    bool ok = false;
    const qlonglong value = query.queryItemValue(name).toLongLong(&ok);
    if (!ok || value < min || value > max)
        throw HttpError::badRequest(QStringLiteral("%1 must be an integer from %2 to %3").arg(name).arg(min).arg(max));
    return value;
}

QHttpServerResponse jsonArray(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0)
            out += ',';
        out += items[i];
    }
    out += ']';
    return jsonResponse(QByteArray::fromStdString(out));
}

} // namespace kse
