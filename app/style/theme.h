#pragma once

#include <QPalette>
#include <QPixmap>
#include <QString>

class QWidget;

// The terminal's two looks: a palette for the widgets and the stylesheets of resources/styles/
// (terminal.qss, then light.qss or dark.qss), with the pictures of resources/images/, all
// compiled in under :/kse/.
namespace kse::theme {

enum class Kind { Light, Dark };

QPalette palette(Kind kind);
QString styleSheet(Kind kind); // empty if a sheet is missing from the resources
// Sets both on the application.
void apply(Kind kind);

// A picture of resources/images/ (e.g. "bolt") drawn `size` device-independent pixels high, its
// width from the picture's proportions, sharp on the widget's screen; null if there is none.
QPixmap image(const QString& name, int height, const QWidget* on = nullptr);

// What a label's message says about itself, coloured by the stylesheets' [state="…"] rules:
// "error", "ok", "active", or empty for none.
void setState(QWidget& widget, const char* state);

} // namespace kse::theme
