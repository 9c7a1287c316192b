#pragma once

#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <optional>
#include <string>

namespace kse {

// One JSON object of an HTTP answer (docs/http-api.md), read field by field with Qt's JSON the
// same way by every reader: amounts of money become ticks exactly (four decimals at most),
// counts are whole numbers, and the first field that is missing or malformed is remembered, so
// a parser reads everything and checks once. A field that fails reads as 0 or empty.
class AnswerObject {
public:
    explicit AnswerObject(QJsonObject object) : m_object(std::move(object)) {}

    QString text(const char* name);                              // a non-empty string
    QString optionalText(const char* name);                      // a string, or empty when absent
    std::int64_t whole(const char* name);                        // an integer >= 0
    std::int64_t money(const char* name);                        // an amount >= 0, in ticks
    std::int64_t signedMoney(const char* name);                  // an amount of either sign (a change, a P&L), in ticks
    std::optional<std::int64_t> optionalMoney(const char* name); // absent or null: none

    bool ok() const { return !m_error; }
    // "price: must be a number", naming the first bad field.
    const std::optional<std::string>& error() const { return m_error; }

private:
    void fail(const char* name, const std::string& why);

    QJsonObject m_object;
    std::optional<std::string> m_error;
};

} // namespace kse
