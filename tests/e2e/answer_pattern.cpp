#include "answer_pattern.h"

#include <vector>

namespace kse::test {

namespace {

const QChar kAnything(0x2026); // …

class Matcher {
public:
    Matcher(const QString& pattern, const QString& answer)
        : m_pattern(pattern)
        , m_answer(answer)
        , m_memo(static_cast<std::size_t>((pattern.size() + 1) * (answer.size() + 1)), Unknown) {}

    bool match(qsizetype p, qsizetype a) {
        auto& memo = m_memo[static_cast<std::size_t>(p * (m_answer.size() + 1) + a)];
        if (memo == Unknown)
            memo = compute(p, a) ? Yes : No;
        return memo == Yes;
    }

private:
    enum State : char { Unknown, Yes, No };

    bool compute(qsizetype p, qsizetype a) {
        if (p == m_pattern.size())
            return a == m_answer.size();
        if (m_pattern[p] != kAnything)
            return a < m_answer.size() && m_pattern[p] == m_answer[a] && match(p + 1, a + 1);
        // "…" may end wherever the text it took is balanced: never inside a string, never
        // after a bracket it did not open, never past one it opened.
        int depth = 0;
        bool inString = false;
        for (qsizetype end = a;; ++end) {
            if (depth == 0 && !inString && match(p + 1, end))
                return true;
            if (end == m_answer.size())
                return false;
            const QChar c = m_answer[end];
            if (inString) {
                if (c == QLatin1Char('\\') && end + 1 < m_answer.size())
                    ++end;
                else if (c == QLatin1Char('"'))
                    inString = false;
            } else if (c == QLatin1Char('"')) {
                inString = true;
            } else if (c == QLatin1Char('{') || c == QLatin1Char('[')) {
                ++depth;
            } else if (c == QLatin1Char('}') || c == QLatin1Char(']')) {
                if (--depth < 0)
                    return false;
            }
        }
    }

    const QString& m_pattern;
    const QString& m_answer;
    std::vector<State> m_memo;
};

} // namespace

AnswerPattern::AnswerPattern(QString pattern) : m_pattern(std::move(pattern)) {}

bool AnswerPattern::matches(const QString& answer) const { return Matcher(m_pattern, answer).match(0, 0); }

} // namespace kse::test
