#include "log/logger.h"

#include <chrono>
#include <ctime>

namespace kse {
namespace {

const char* levelName(LogLevel level) {
    switch (level) {
    case LogLevel::Debug: return "DEBUG";
    case LogLevel::Info: return "INFO ";
    case LogLevel::Warning: return "WARN ";
    case LogLevel::Error: return "ERROR";
    }
    return "?";
}

std::string timestamp() {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const std::time_t seconds = system_clock::to_time_t(now);
    const auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[40];
    const auto length = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(buffer + length, sizeof buffer - length, ".%03dZ", static_cast<int>(millis));
    return buffer;
}

// Values with spaces or quotes are quoted so that lines stay machine-readable.
void appendValue(std::string& line, const std::string& value) {
    if (!value.empty() && value.find_first_of(" \"=") == std::string::npos) {
        line += value;
        return;
    }
    line += '"';
    for (char c : value) {
        if (c == '"' || c == '\\')
            line += '\\';
        line += c;
    }
    line += '"';
}

} // namespace

std::optional<LogLevel> parseLogLevel(std::string_view name) {
    if (name == "debug")
        return LogLevel::Debug;
    if (name == "info")
        return LogLevel::Info;
    if (name == "warning" || name == "warn")
        return LogLevel::Warning;
    if (name == "error")
        return LogLevel::Error;
    return std::nullopt;
}

Logger::Logger(LogLevel threshold, std::FILE* out) : m_threshold(threshold), m_out(out) {}

void Logger::log(LogLevel level, std::string_view component, std::string_view message, Fields fields) {
    if (!enabled(level))
        return;
    std::string line = timestamp();
    line += ' ';
    line += levelName(level);
    line += ' ';
    line += component;
    line += ' ';
    line += message;
    for (const auto& [key, value] : fields) {
        line += ' ';
        line += key;
        line += '=';
        appendValue(line, value);
    }
    line += '\n';
    const std::lock_guard lock(m_mutex);
    std::fwrite(line.data(), 1, line.size(), m_out);
    std::fflush(m_out);
}

void Logger::debug(std::string_view c, std::string_view m, Fields f) { log(LogLevel::Debug, c, m, f); }
void Logger::info(std::string_view c, std::string_view m, Fields f) { log(LogLevel::Info, c, m, f); }
void Logger::warning(std::string_view c, std::string_view m, Fields f) { log(LogLevel::Warning, c, m, f); }
void Logger::error(std::string_view c, std::string_view m, Fields f) { log(LogLevel::Error, c, m, f); }

} // namespace kse
