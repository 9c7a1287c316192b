#pragma once

#include <QJsonObject>
#include <cstdint>
#include <optional>
#include <string>

namespace kse {

// Typed members of a JSON request body; each throws HttpError 400 naming the member.
class RequestFields {
public:
    explicit RequestFields(const QJsonObject& object) : m_object(object) {}

    std::string requiredString(const char* name) const;
    std::optional<std::string> optionalString(const char* name) const;
    // A whole number in [min, max].
    std::int64_t requiredInteger(const char* name, std::int64_t min, std::int64_t max) const;
    // A non-negative amount with at most 4 decimals, in ticks; nothing when absent or null.
    std::optional<std::int64_t> optionalMoney(const char* name) const;

private:
    const QJsonObject& m_object;
};

} // namespace kse
