#pragma once

#include <QString>
#include <vector>

namespace kse::test {

// One runnable command of the docs: a line (and its continuation lines) of a fenced block whose
// info string is "sh example", with the answer written below it as "# → …" lines:
//   # → {"message":"OK"}          what the terminal shows (stdout and stderr), "…" as in AnswerPattern
//   # → eventually {"status":…}   the answer comes back through Kafka: ask again until it is this
//   # → exit 1                    (the last line) the exit status; 0 unless written
// A command without "# →" lines must exit 0; what it prints is not checked.
struct DocExample {
    int line = 0; // 1-based, of the command's first line
    QString command;
    bool answerGiven = false;
    QString answer; // lines joined with '\n'
    bool eventually = false;
    int exitStatus = 0;
};

// Every example of a Markdown text, in order.
std::vector<DocExample> parseDocExamples(const QString& markdown);

} // namespace kse::test
