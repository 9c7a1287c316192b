#include "contract/answer_object.h"

#include <cmath>

#include "domain/price.h"

namespace kse {

void AnswerObject::fail(const char* name, const std::string& why) {
    if (!m_error)
        m_error = std::string(name) + ": " + why;
}

QString AnswerObject::text(const char* name) {
    const QJsonValue value = m_object.value(QLatin1String(name));
    if (!value.isString() || value.toString().isEmpty()) {
        fail(name, "must be a non-empty string");
        return {};
    }
    return value.toString();
}

QString AnswerObject::optionalText(const char* name) {
    const QJsonValue value = m_object.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isString())
        fail(name, "must be a string");
    return value.toString();
}

std::int64_t AnswerObject::whole(const char* name) {
    const QJsonValue value = m_object.value(QLatin1String(name));
    const double number = value.toDouble(-1);
    // 2^53: beyond it a double no longer holds every integer, so it cannot be trusted as a count.
    if (!value.isDouble() || number < 0 || number > 9'007'199'254'740'992.0 || std::floor(number) != number) {
        fail(name, "must be a whole number");
        return 0;
    }
    return static_cast<std::int64_t>(number);
}

std::int64_t AnswerObject::money(const char* name) {
    const QJsonValue value = m_object.value(QLatin1String(name));
    if (!value.isDouble()) {
        fail(name, "must be a number");
        return 0;
    }
    const auto price = Price::fromDouble(value.toDouble()); // exact to four decimals
    if (!price) {
        fail(name, price.error());
        return 0;
    }
    return price.value().ticks();
}

std::int64_t AnswerObject::signedMoney(const char* name) {
    const QJsonValue value = m_object.value(QLatin1String(name));
    if (!value.isDouble()) {
        fail(name, "must be a number");
        return 0;
    }
    // Price holds amounts >= 0: the sign is taken off and put back around it.
    const double number = value.toDouble();
    const auto price = Price::fromDouble(std::fabs(number));
    if (!price) {
        fail(name, price.error());
        return 0;
    }
    return number < 0 ? -price.value().ticks() : price.value().ticks();
}

std::optional<std::int64_t> AnswerObject::optionalMoney(const char* name) {
    const QJsonValue value = m_object.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    return money(name);
}

} // namespace kse
