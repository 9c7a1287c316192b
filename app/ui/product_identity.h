#pragma once

#include <QIcon>
#include <QImage>
#include <QString>

// What the terminal calls itself, and its icon, in one place: the sign-in dialog, the window,
// the About box and the icons installed for the desktop all come from here.
namespace kse::product {

QString name();     // "KSE Terminal"
QString longName(); // "Kafka Stock Exchange"
QString version();  // the build's version, e.g. "0.1.0"

// The icon compiled in (resources/icons/kse-desktop.svg), drawn at `size` pixels square; a null
// image if the resource is missing.
QImage iconImage(int size);
// The same at the sizes a desktop asks for (16 to 256 px).
QIcon icon();

} // namespace kse::product
