#pragma once

#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace kse::test {

// Runs the examples of one Markdown file (see DocExample) in a shell of their own, in order, and
// says where the docs and the system disagree.
class DocRunner {
public:
    // `renames` maps whole words of the docs (symbols, user names) to the names this run uses;
    // they are replaced in commands and answers alike.
    DocRunner(const QProcessEnvironment& environment, QString workingDirectory, QMap<QString, QString> renames);

    // One message per example whose exit status or answer differs, "FILE:LINE: …".
    QStringList run(const QString& fileName, const QString& markdown) const;
    // The text the examples of `markdown` run, after the renames.
    QString renamed(const QString& markdown) const;

private:
    QProcessEnvironment m_environment;
    QString m_workingDirectory;
    QMap<QString, QString> m_renames;
};

} // namespace kse::test
