#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <cstdint>

#include "domain/price.h"

namespace kse {

// Appends one flat JSON object field by field. Much cheaper than building a QJsonObject on the
// hot paths (every tick passes through here), and exact for prices.
class JsonWriter {
public:
    JsonWriter();
    JsonWriter& field(QByteArrayView name, QByteArrayView text);
    JsonWriter& field(QByteArrayView name, std::int64_t value);
    JsonWriter& field(QByteArrayView name, Price price);
    JsonWriter& flag(QByteArrayView name, bool value);
    QByteArray finish();

private:
    void key(QByteArrayView name);
    QByteArray m_out;
    bool m_first = true;
};

} // namespace kse
