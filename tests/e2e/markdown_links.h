#pragma once

#include <QString>
#include <QStringList>

namespace kse::test {

// The GitHub anchor of a Markdown heading: lower case, punctuation dropped, spaces to '-'.
QString headingAnchor(const QString& heading);

// Every relative link of the Markdown file `path` (outside code) whose file does not exist, or
// whose "#anchor" names no heading of its Markdown file: "FILE:LINE: target".
QStringList brokenLinks(const QString& path, const QString& shownName);

} // namespace kse::test
