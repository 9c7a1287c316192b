#pragma once

#include <QString>

namespace kse::test {

// An answer as the docs write it below a command: the exact text, except that "…" stands for
// any text whose brackets and quotes balance (an id, a time, a token, the rest of an object).
// So what varies is matched loosely because the docs say so, and everything else strictly.
class AnswerPattern {
public:
    explicit AnswerPattern(QString pattern);
    bool matches(const QString& answer) const;

private:
    QString m_pattern;
};

} // namespace kse::test
