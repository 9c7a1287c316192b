#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <cstdint>

#include "domain/result.h"
#include "domain/tick.h"

namespace kse {

// `{"id","name","price","volume"?,"ts"?}` ⇄ Tick. A missing ts is filled with nowMs.
Result<Tick> decodeTick(const QJsonValue& json, std::int64_t nowMs);
QByteArray encodeTick(const Tick& tick);

} // namespace kse
