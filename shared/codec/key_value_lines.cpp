#include "codec/key_value_lines.h"

#include <algorithm>
#include <fstream>

namespace kse {
namespace {

std::string_view trimmed(std::string_view text) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!text.empty() && space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && space(text.back()))
        text.remove_suffix(1);
    return text;
}

bool printable(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x20; });
}

} // namespace

Result<std::vector<KeyValueLine>> parseKeyValueLines(std::string_view text, const KeyValueLimits& limits) {
    using R = Result<std::vector<KeyValueLine>>;
    if (text.size() > limits.maxBytes)
        return R::failure("larger than " + std::to_string(limits.maxBytes / 1024) + " KiB");
    std::vector<KeyValueLine> lines;
    int number = 0;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const std::string_view line = trimmed(text.substr(0, end));
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        ++number;
        if (line.empty() || line.front() == '#')
            continue;
        const std::string where = "line " + std::to_string(number) + ": ";
        const auto equals = line.find('=');
        if (equals == std::string_view::npos)
            return R::failure(where + "not key=value");
        const std::string_view key = trimmed(line.substr(0, equals));
        const std::string_view value = trimmed(line.substr(equals + 1));
        if (key.empty())
            return R::failure(where + "no key before '='");
        if (key.size() > limits.maxKeyBytes || value.size() > limits.maxValueBytes)
            return R::failure(where + "longer than a setting can be");
        if (!printable(key) || !printable(value))
            return R::failure(where + "control characters");
        if (std::any_of(lines.begin(), lines.end(), [&](const KeyValueLine& l) { return l.key == key; }))
            return R::failure(where + std::string(key) + " is set twice");
        if (lines.size() >= limits.maxLines)
            return R::failure(where + "more than " + std::to_string(limits.maxLines) + " settings");
        lines.push_back({number, std::string(key), std::string(value)});
    }
    return R::success(std::move(lines));
}

Result<std::string> readBoundedFile(const std::string& path, std::size_t maxBytes) {
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return Result<std::string>::failure("cannot read " + path);
    std::string text(maxBytes + 1, '\0');
    file.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(file.gcount()));
    return Result<std::string>::success(std::move(text));
}

} // namespace kse
