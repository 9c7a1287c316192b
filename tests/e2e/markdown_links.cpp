#include "markdown_links.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>
#include <QSet>

namespace kse::test {

namespace {

QStringList linesOf(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
}

// Lines outside fenced code blocks, with inline code blanked out; numbering kept.
QStringList proseOf(const QStringList& lines) {
    static const QRegularExpression inlineCode(QStringLiteral("`[^`]*`"));
    QStringList prose;
    bool inFence = false;
    for (const QString& line : lines) {
        if (line.trimmed().startsWith(QStringLiteral("```"))) {
            inFence = !inFence;
            prose << QString();
            continue;
        }
        prose << (inFence ? QString() : QString(line).replace(inlineCode, QStringLiteral("``")));
    }
    return prose;
}

// The anchors of every heading of a Markdown file, numbered as GitHub numbers repeats.
QSet<QString> anchorsOf(const QString& path) {
    static const QRegularExpression heading(QStringLiteral(R"(^#{1,6}\s+(.*?)\s*#*\s*$)"));
    QSet<QString> anchors;
    QMap<QString, int> seen;
    bool inFence = false;
    for (const QString& line : linesOf(path)) {
        if (line.trimmed().startsWith(QStringLiteral("```")))
            inFence = !inFence;
        const auto match = heading.match(line);
        if (inFence || !match.hasMatch())
            continue;
        const QString anchor = headingAnchor(match.captured(1));
        const int repeat = seen.value(anchor, 0);
        seen[anchor] = repeat + 1;
        anchors.insert(repeat == 0 ? anchor : QStringLiteral("%1-%2").arg(anchor).arg(repeat));
    }
    return anchors;
}

} // namespace

QString headingAnchor(const QString& heading) {
    static const QRegularExpression dropped(QStringLiteral(R"([^\p{L}\p{M}\p{N}\p{Pc} \-])"));
    QString anchor = heading.toLower();
    anchor.remove(dropped);
    anchor.replace(QLatin1Char(' '), QLatin1Char('-'));
    return anchor;
}

QStringList brokenLinks(const QString& path, const QString& shownName) {
    static const QRegularExpression link(QStringLiteral(R"(\]\(([^)\s]+)(?:\s+"[^"]*")?\))"));
    static const QRegularExpression external(QStringLiteral("^[a-z]+:"));
    QStringList broken;
    const QDir base = QFileInfo(path).absoluteDir();
    const QStringList prose = proseOf(linesOf(path));
    for (int i = 0; i < prose.size(); ++i) {
        for (auto it = link.globalMatch(prose[i]); it.hasNext();) {
            const QString target = it.next().captured(1);
            if (external.match(target).hasMatch())
                continue;
            const qsizetype hash = target.indexOf(QLatin1Char('#'));
            const QString file = hash < 0 ? target : target.left(hash);
            const QString anchor = hash < 0 ? QString() : target.mid(hash + 1);
            const QString resolved = file.isEmpty() ? path : base.absoluteFilePath(file);
            const bool fileOk = QFileInfo::exists(resolved);
            const bool anchorOk =
                anchor.isEmpty() || (resolved.endsWith(QStringLiteral(".md")) && anchorsOf(resolved).contains(anchor));
            if (!fileOk || !anchorOk)
                broken << QStringLiteral("%1:%2: %3").arg(shownName).arg(i + 1).arg(target);
        }
    }
    return broken;
}

} // namespace kse::test
