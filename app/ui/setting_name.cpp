#include "ui/setting_name.h"

#include <QObject>
#include <algorithm>

namespace kse {

std::optional<QString> settingNameError(const QString& name, const QString& what, int maxLength) {
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return QObject::tr("%1 needs a name").arg(what);
    if (trimmed.size() > maxLength)
        return QObject::tr("the name of %1 has at most %2 characters").arg(what).arg(maxLength);
    if (std::any_of(trimmed.begin(), trimmed.end(), [](QChar c) { return c.category() == QChar::Other_Control; }))
        return QObject::tr("the name of %1 cannot hold control characters").arg(what);
    return std::nullopt;
}

} // namespace kse
