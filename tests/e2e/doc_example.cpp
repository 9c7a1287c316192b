#include "doc_example.h"

#include <QRegularExpression>
#include <QStringList>

namespace kse::test {

namespace {

const QString kFence = QStringLiteral("```");
const QString kRunnable = QStringLiteral("sh example");
const QString kAnswer = QStringLiteral("# \u2192");
const QString kEventually = QStringLiteral("eventually ");

// The last answer line "exit N" is the exit status, not output.
void finishAnswer(DocExample& example) {
    static const QRegularExpression exitLine(QStringLiteral(R"((?:^|\n)exit (\d+)$)"));
    if (const auto match = exitLine.match(example.answer); match.hasMatch()) {
        example.exitStatus = match.captured(1).toInt();
        example.answer.truncate(match.capturedStart());
        example.answerGiven = match.capturedStart() > 0;
    }
}

} // namespace

std::vector<DocExample> parseDocExamples(const QString& markdown) {
    std::vector<DocExample> examples;
    const QStringList lines = markdown.split(QLatin1Char('\n'));
    bool inFence = false;
    bool runnable = false;
    bool continued = false; // the previous command line ended with a backslash
    bool answering = false; // "# →" lines are being read for examples.back()
    const auto closeAnswer = [&] {
        if (answering)
            finishAnswer(examples.back());
        answering = false;
    };
    for (int i = 0; i < lines.size(); ++i) {
        const QString& line = lines[i];
        const QString trimmed = line.trimmed();
        if (trimmed.startsWith(kFence)) {
            if (inFence) {
                closeAnswer();
                continued = false;
            } else {
                runnable = trimmed.mid(kFence.size()).trimmed() == kRunnable;
            }
            inFence = !inFence;
            continue;
        }
        if (!inFence || !runnable)
            continue;
        if (continued) {
            examples.back().command += QLatin1Char('\n') + line;
            continued = line.endsWith(QLatin1Char('\\'));
            continue;
        }
        if (trimmed.startsWith(kAnswer) && !examples.empty()) {
            DocExample& example = examples.back();
            QString text = trimmed.mid(kAnswer.size());
            if (text.startsWith(QLatin1Char(' ')))
                text.remove(0, 1);
            if (!answering) {
                if (text.startsWith(kEventually)) {
                    example.eventually = true;
                    text.remove(0, kEventually.size());
                }
                example.answer = text;
            } else {
                example.answer += QLatin1Char('\n') + text;
            }
            example.answerGiven = true;
            answering = true;
            continue;
        }
        closeAnswer();
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#')))
            continue;
        DocExample example;
        example.line = i + 1;
        example.command = line;
        examples.push_back(example);
        continued = line.endsWith(QLatin1Char('\\'));
    }
    closeAnswer();
    return examples;
}

} // namespace kse::test
