#include "platform_api/request_fields.h"

#include <cmath>

#include "domain/price.h"
#include "http/http_error.h"

namespace kse {

std::string RequestFields::requiredString(const char* name) const {
    auto value = optionalString(name);
    if (!value)
        throw HttpError::badRequest(QStringLiteral("%1 is required").arg(QLatin1String(name)));
    return *value;
}

std::optional<std::string> RequestFields::optionalString(const char* name) const {
    const QJsonValue value = m_object.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (!value.isString())
        throw HttpError::badRequest(QStringLiteral("%1 must be a string").arg(QLatin1String(name)));
    return value.toString().toStdString();
}

std::int64_t RequestFields::requiredInteger(const char* name, std::int64_t min, std::int64_t max) const {
    const QJsonValue value = m_object.value(QLatin1String(name));
    const auto refuse = [&] {
        return HttpError::badRequest(
            QStringLiteral("%1 must be a whole number from %2 to %3").arg(QLatin1String(name)).arg(min).arg(max));
    };
    if (value.isUndefined() || value.isNull())
        throw HttpError::badRequest(QStringLiteral("%1 is required").arg(QLatin1String(name)));
    if (!value.isDouble())
        throw refuse();
    const double d = value.toDouble();
    if (!std::isfinite(d) || std::trunc(d) != d || d < static_cast<double>(min) || d > static_cast<double>(max))
        throw refuse();
    return static_cast<std::int64_t>(d);
}

std::optional<std::int64_t> RequestFields::optionalMoney(const char* name) const {
    const QJsonValue value = m_object.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (!value.isDouble())
        throw HttpError::badRequest(QStringLiteral("%1 must be a number").arg(QLatin1String(name)));
    auto price = Price::fromDouble(value.toDouble());
    if (!price)
        throw HttpError::badRequest(
            QStringLiteral("%1: %2").arg(QLatin1String(name), QString::fromStdString(price.error())));
    return price.value().ticks();
}

} // namespace kse
