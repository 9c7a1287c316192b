#pragma once

#include <cstdio>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace kse {

enum class LogLevel { Debug, Info, Warning, Error };

std::optional<LogLevel> parseLogLevel(std::string_view name);

// Structured log lines: `2026-11-25T16:00:00.123Z INFO  component message key=value …`.
// One Logger per process, handed to whoever logs; safe to use from any thread.
class Logger {
public:
    using Fields = std::initializer_list<std::pair<std::string_view, std::string>>;

    explicit Logger(LogLevel threshold = LogLevel::Info, std::FILE* out = stderr);

    bool enabled(LogLevel level) const { return level >= m_threshold; }
    void log(LogLevel level, std::string_view component, std::string_view message, Fields fields = {});
    void debug(std::string_view component, std::string_view message, Fields fields = {});
    void info(std::string_view component, std::string_view message, Fields fields = {});
    void warning(std::string_view component, std::string_view message, Fields fields = {});
    void error(std::string_view component, std::string_view message, Fields fields = {});

private:
    LogLevel m_threshold;
    std::FILE* m_out;
    std::mutex m_mutex;
};

} // namespace kse
