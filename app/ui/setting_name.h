#pragma once

#include <QString>
#include <optional>

namespace kse {

// Why a name the user gives something kept in the settings (a workspace, a watchlist) cannot be
// used: empty once trimmed, longer than `maxLength`, or holding control characters. `what` names
// the thing in the message ("a workspace").
std::optional<QString> settingNameError(const QString& name, const QString& what, int maxLength);

} // namespace kse
